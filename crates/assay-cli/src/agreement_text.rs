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
        "  {:label_width$} {:>5} {:>6} {:>6} {:>6} {:>8} {:>9} {:>6} {:>6}",
        "", "n", "QWK", "exact", "adj", "Pearson", "Spearman", "RMSE", "SMD"
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
        "  {label:label_width$} {:>5} {:>6} {:>6} {:>6} {:>8} {:>9} {:>6} {:>6}",
        a.n,
        figure(a.qwk, 3),
        figure(a.exact, 2),
        figure(a.adjacent, 2),
        figure(a.pearson, 3),
        figure(a.spearman, 3),
        figure(a.rmse, 1),
        figure(a.smd, 2),
    )
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
