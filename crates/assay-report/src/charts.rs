//! The two inline SVG charts of a candidate's overview: totals per
//! question, and concepts across questions. Built as strings here, with
//! every piece of text passed through [`escape_xml`], because the templates
//! insert them as markup. Neither relies on colour alone: bars carry their
//! score and level as text, grid cells a tick, a cross or a dash.

use std::fmt::Write;

use crate::model::{ConceptGrid, GridCell, OverviewRow};
use crate::svg_text::{escape_xml, shorten};

const FONT: &str =
    r#"font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12""#;

/// Fill colours from the lowest level to the highest.
const LEVEL_FILLS: [&str; 4] = ["#c62828", "#ef6c00", "#1e88e5", "#2e7d32"];

/// A horizontal bar chart of the totals, one bar per answer, each labelled
/// with its question, score and level.
#[must_use]
pub fn score_chart_svg(rows: &[OverviewRow]) -> String {
    const LABEL: f64 = 170.0;
    const BAR: f64 = 330.0;
    const ROW: f64 = 26.0;
    const TOP: f64 = 22.0;
    let width = 640.0;
    let height = TOP + ROW * rows.len() as f64 + 6.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" {FONT}><title id="chart-title">Score per question, 0 to 100</title>"#
    );
    for tick in [0u32, 25, 50, 75, 100] {
        let x = LABEL + BAR * f64::from(tick) / 100.0;
        let _ = write!(
            svg,
            r##"<line x1="{x}" y1="{TOP}" x2="{x}" y2="{}" stroke="#ccc" stroke-width="1"/><text x="{x}" y="14" text-anchor="middle" fill="#555">{tick}</text>"##,
            height - 4.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64 + 4.0;
        let fill = level_fill(row.level_rank, row.levels);
        let bar = (BAR * row.score.clamp(0.0, 100.0) / 100.0).max(1.0);
        let label = escape_xml(&shorten(&format!("{} {}", row.label, row.question_id), 26));
        let _ = write!(
            svg,
            r##"<text x="0" y="{}" fill="#222">{label}</text><rect x="{LABEL}" y="{y}" width="{bar:.1}" height="16" rx="2" fill="{fill}"/><text x="{:.1}" y="{}" fill="#222">{:.1} · {}</text>"##,
            y + 12.0,
            LABEL + bar + 6.0,
            y + 12.0,
            row.score,
            escape_xml(&row.level),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A grid of concepts (rows) by answers (columns): ✓ shown, ✗ missing,
/// – not part of that question's rubric.
#[must_use]
pub fn concept_grid_svg(grid: &ConceptGrid) -> String {
    const LABEL: f64 = 270.0;
    const CELL: f64 = 42.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 24.0;
    let width = LABEL + CELL * grid.columns.len() as f64 + 4.0;
    let height = TOP + ROW * grid.rows.len() as f64 + 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="grid" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="grid-title" {FONT}><title id="grid-title">Concepts shown in each answer: tick shown, cross missing, dash not asked</title>"#
    );
    for (j, column) in grid.columns.iter().enumerate() {
        let x = LABEL + CELL * j as f64 + CELL / 2.0;
        let _ = write!(
            svg,
            r##"<text x="{x}" y="16" text-anchor="middle" font-weight="bold" fill="#222">{}</text>"##,
            escape_xml(column)
        );
    }
    for (i, row) in grid.rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let _ = write!(
            svg,
            r##"<text x="0" y="{}" fill="#222">{}</text>"##,
            y + 16.0,
            escape_xml(&shorten(&row.name, 40))
        );
        for (j, cell) in row.cells.iter().enumerate() {
            let x = LABEL + CELL * j as f64;
            let (fill, ink) = match cell {
                GridCell::Hit => ("#c8e6c9", "#1b5e20"),
                GridCell::Missing => ("#ffcdd2", "#b71c1c"),
                GridCell::NotAsked => ("#f5f5f5", "#9e9e9e"),
            };
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{fill}"/><text x="{}" y="{}" text-anchor="middle" fill="{ink}" font-weight="bold">{}</text>"#,
                x + 2.0,
                y + 2.0,
                CELL - 4.0,
                ROW - 4.0,
                x + CELL / 2.0,
                y + 16.0,
                cell.mark()
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn level_fill(rank: usize, levels: usize) -> &'static str {
    if levels <= 1 {
        return LEVEL_FILLS[LEVEL_FILLS.len() - 1];
    }
    let slot = (rank * (LEVEL_FILLS.len() - 1) + (levels - 1) / 2) / (levels - 1);
    LEVEL_FILLS[slot.min(LEVEL_FILLS.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GridRow;

    fn row(question_id: &str, level: &str, score: f64) -> OverviewRow {
        OverviewRow {
            label: "Q1".into(),
            anchor: "q1".into(),
            question_id: question_id.into(),
            question: "?".into(),
            score,
            level: level.into(),
            level_rank: 1,
            levels: 4,
            red_flags: Vec::new(),
            off_topic: false,
        }
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = score_chart_svg(&[row("<script>x</script>", "<b>", 150.0)]);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;") && svg.contains("150.0 · &lt;b&gt;"));
        assert!(svg.contains(r#"width="330.0""#), "bars stop at 100: {svg}");
    }

    #[test]
    fn grid_cells_carry_marks() {
        let grid = ConceptGrid {
            columns: vec!["Q1".into(), "Q2".into()],
            rows: vec![GridRow {
                concept: "x".into(),
                name: "\"><img src=x onerror=alert(1)>".into(),
                cells: vec![GridCell::Hit, GridCell::NotAsked],
            }],
        };
        let svg = concept_grid_svg(&grid);
        assert!(!svg.contains("<img"));
        assert!(svg.contains(">✓<") && svg.contains(">–<"));
    }

    #[test]
    fn level_fills_span_the_palette() {
        let fills: Vec<&str> = (0..4).map(|r| level_fill(r, 4)).collect();
        assert_eq!(fills, LEVEL_FILLS);
        assert_eq!(level_fill(0, 1), LEVEL_FILLS[3]);
        assert_eq!(level_fill(2, 3), LEVEL_FILLS[3]);
    }
}
