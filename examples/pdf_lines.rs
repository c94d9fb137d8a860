//! Print a PDF's lines with the layout the reader takes from them
//! (role, printed page, gap, bold/italic, size, cells, indent): for
//! checking what `visidex` reads from a PDF.
//!
//! `cargo run --release --example pdf_lines -- FILE.pdf`

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: pdf_lines FILE.pdf"))?;
    let text = visidex::pdf::read(std::fs::read(&path)?)?;
    for line in &text.lines {
        let l = &line.layout;
        println!(
            "{:5} p{:<3} {:?} gap={} {}{} size={:.2} cells={} indent={:.1} | {}",
            line.number,
            line.page,
            line.role,
            match l.gap_before {
                Some(true) => "Y",
                Some(false) => "n",
                None => "-",
            },
            if l.bold { "B" } else { "." },
            if l.italic { "I" } else { "." },
            l.size,
            l.cells,
            l.indent,
            line.text
        );
    }
    println!(
        "running titles: {:?}; cover: {:?}",
        text.running_titles, text.cover_title
    );
    Ok(())
}
