//! Agreement figures as text tables, shared by `assay eval` and `assay tune`.

use std::io::{self, Write};

use assay_eval::Agreement;

/// A figure with `digits` decimals, or `-` when undefined.
pub fn figure(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.digits$}"))
}

/// The header of [`write_row`] lines.
pub fn write_header(out: &mut dyn Write, label_width: usize) -> io::Result<()> {
    writeln!(
        out,
        "  {:label_width$} {:>5} {:>6} {:>6} {:>6} {:>8} {:>9} {:>6} {:>6} {:>6}",
        "", "n", "QWK", "exact", "adj", "Pearson", "Spearman", "RMSE", "SMD", "gap"
    )
}

/// One agreement as a table row.
pub fn write_row(
    out: &mut dyn Write,
    label: &str,
    label_width: usize,
    a: &Agreement,
) -> io::Result<()> {
    writeln!(
        out,
        "  {label:label_width$} {:>5} {:>6} {:>6} {:>6} {:>8} {:>9} {:>6} {:>6} {:>6}",
        a.n,
        figure(a.qwk, 3),
        figure(a.exact, 2),
        figure(a.adjacent, 2),
        figure(a.pearson, 3),
        figure(a.spearman, 3),
        figure(a.rmse, 1),
        figure(a.smd, 2),
        signed(mean_gap(a), 1),
    )
}

/// How far the second rater's mean score is above the reference rater's
/// (assay's above the raters'), in points.
pub fn mean_gap(a: &Agreement) -> Option<f64> {
    a.machine_mean.zip(a.human_mean).map(|(machine, human)| machine - human)
}

/// A figure with a sign and `digits` decimals, or `-` when undefined.
fn signed(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:+.digits$}"))
}

/// What the abbreviations of [`write_header`] and the concept table mean.
const LEGEND: &[(&str, &str)] = &[
    ("n", "answers compared"),
    ("QWK", "quadratic weighted kappa: agreement on levels beyond chance (1 perfect, 0 chance)"),
    ("exact", "share of answers given the same level"),
    ("adj", "share of answers given levels at most one apart (adjacent)"),
    ("Pearson", "Pearson's r: how closely the two sets of scores rise and fall together"),
    ("Spearman", "the same on the scores' ranks"),
    ("RMSE", "root mean squared difference of the scores, in points (0-100)"),
    ("SMD", "standardised mean difference: assay's mean minus the raters', in standard deviations"),
    ("gap", "assay's mean score minus the raters', in points"),
];

/// The abbreviations and what they mean, after a `legend` heading.
pub fn write_legend(out: &mut dyn Write, extra: &[(&str, &str)]) -> io::Result<()> {
    writeln!(out, "\nlegend")?;
    for (short, long) in LEGEND.iter().chain(extra) {
        writeln!(out, "  {short:9} {long}")?;
    }
    Ok(())
}

/// A confusion matrix with level names (rows: human, columns: assay).
pub fn write_confusion(out: &mut dyn Write, names: &[String], a: &Agreement) -> io::Result<()> {
    let width = names.iter().map(String::len).max().unwrap_or(5).max(5);
    write!(out, "  {:width$}", "human \\ assay")?;
    for name in names {
        write!(out, " {name:>width$}")?;
    }
    writeln!(out)?;
    for (name, row) in names.iter().zip(&a.confusion) {
        write!(out, "  {name:width$}", width = width.max(13))?;
        for count in row {
            write!(out, " {count:>width$}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
