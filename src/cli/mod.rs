//! Command-line interface: clap definitions, resolved once into plain values
//! ([`Context`]: the index and corpus folders and the output [`Format`]), and
//! one function per command (`cli/<command>.rs`) that calls the library's
//! entry point (`api`) and hands its result to `output`. Errors are printed
//! once, here, as one line.

mod compare;
mod concepts;
mod extracts;
mod facets;
mod figures;
mod index;
mod mentions;
mod parse;
mod recommendations;
mod refresh;
mod related;
mod reports;
mod search;
mod serve;
mod show;
mod tables;

use crate::error::Error;
use crate::output::{CsvOptions, Format, Render};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "visidex",
    version,
    about = "Search and knowledge index over Flemish visitatierapporten",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after the command name.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The index folder.
    #[arg(long, global = true, env = "VISIDEX_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// The folder of report files.
    #[arg(long, global = true, env = "VISIDEX_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// The sentence-encoder model folder for concept search (`scripts/fetch-model`).
    #[arg(
        long,
        global = true,
        env = "VISIDEX_MODEL",
        default_value = "data/models"
    )]
    pub model: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How the answer is written; resolved once into a [`Format`].
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Machine output on stdout: one JSON document.
    #[arg(long, global = true)]
    pub json: bool,
    /// JSON Lines on stdout: one record per line (`mentions`).
    #[arg(long, global = true, conflicts_with_all = ["json", "csv"])]
    pub jsonl: bool,
    /// RFC 4180 CSV on stdout.
    #[arg(long, global = true, conflicts_with = "json")]
    pub csv: bool,
    /// With --csv: start with a UTF-8 byte-order mark (for spreadsheet programs).
    #[arg(long, global = true, requires = "csv")]
    pub bom: bool,
    /// Colour and bold in human output: auto (a terminal, without NO_COLOR; CLICOLOR_FORCE
    /// forces it), always (e.g. for `less -R`), never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// With --csv: the field separator; `;` (Belgian spreadsheets) also writes decimal commas.
    #[arg(long, global = true, requires = "csv", default_value_t = ',', value_parser = parse_separator)]
    pub sep: char,
}

/// `--color`, ripgrep's convention.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// `,`, `;`, a tab, `|`: one character that cannot be part of a quoted field's syntax.
fn parse_separator(text: &str) -> Result<char, String> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(separator), None)
            if !matches!(separator, '"' | '\r' | '\n') && !separator.is_alphanumeric() =>
        {
            Ok(separator)
        }
        _ => Err(format!(
            "{text:?} is not a separator: give one character such as ',' or ';'"
        )),
    }
}

impl OutputArgs {
    /// The one place the output format is chosen.
    pub fn format(&self) -> Format {
        if self.csv {
            Format::Csv(CsvOptions {
                bom: self.bom,
                separator: self.sep,
            })
        } else if self.jsonl {
            Format::JsonLines
        } else if self.json {
            Format::Json
        } else {
            Format::Human(stdout_style(self.color))
        }
    }
}

/// What every command works with, resolved once from the global options.
#[derive(Debug, Clone)]
pub struct Context {
    pub index: PathBuf,
    pub corpus: PathBuf,
    /// The model folder (`$VISIDEX_MODEL`); concept search is off without a model in it.
    pub model: PathBuf,
    pub format: Format,
}

impl Context {
    /// Render `value` in the chosen format and write it to stdout.
    pub fn print<T: Render>(&self, value: &T) -> Result<(), Error> {
        write_stdout(&crate::output::render(self.format, value)?)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index report files or folders (default: the corpus folder), incrementally.
    Index(index::IndexArgs),
    /// Ranked paragraphs for a query (builds the index first if there is none).
    Search(search::SearchArgs),
    /// Counts of matching paragraphs per city, theme, kind and year.
    Facets(facets::FacetsArgs),
    /// Every paragraph that mentions a word or phrase, in any surface form.
    Mentions(mentions::MentionsArgs),
    /// One paragraph with its neighbours and its citation.
    Show(show::ShowArgs),
    /// The indexed reports.
    Reports,
    /// Print the paragraph documents of one report, without indexing.
    Parse(parse::ParseArgs),
    /// The committees' recommendations as records (round, theme, context).
    Recommendations(recommendations::RecommendationsArgs),
    /// The key figures of the "in cijfers" boxes, with their effect and source.
    Figures(figures::FiguresArgs),
    /// The reports' tables as typed rows (Flemish numbers parsed).
    Tables(tables::TablesArgs),
    /// One theme across all reports: recommendations (and best paragraphs) per city.
    Compare(compare::CompareArgs),
    /// The most similar paragraphs in other reports.
    Related(related::RelatedArgs),
    /// A local web page over the index: search, facets, mentions, recommendations.
    Serve(serve::ServeArgs),
}

/// Filters shared by the commands that select paragraphs.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only paragraphs of this city (repeat to OR).
    #[arg(long)]
    pub city: Vec<String>,
    /// Only paragraphs of this theme, or `theme/section` (repeat to OR).
    #[arg(long)]
    pub theme: Vec<String>,
    /// Only paragraphs of this kind: paragraph, list_item, recommendation, figure, quote_source, table_row.
    #[arg(long)]
    pub kind: Vec<String>,
    /// Only paragraphs of reports of this year (repeat to OR).
    #[arg(long)]
    pub year: Vec<i32>,
    /// Only paragraphs that cite this centre city, other than their own (repeat to OR).
    #[arg(long)]
    pub cites: Vec<String>,
}

impl FilterArgs {
    pub fn to_filters(&self) -> crate::search::Filters {
        crate::search::Filters {
            city: self.city.clone(),
            theme: self.theme.clone(),
            kind: self.kind.clone(),
            year: self.year.clone(),
            cites: self.cites.clone(),
        }
    }
}

/// Run the CLI and return the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version: clap's text on stdout.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            let args: Vec<String> = std::env::args().skip(1).collect();
            report_error(&Error::Usage(usage_message(&error, &args)));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            report_error(&error);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Every command runs behind the index-damage boundary (`index::guard`): a
/// panic or corruption error from a damaged index becomes one clear error line.
fn run(cli: Cli) -> Result<u8, Error> {
    // Refused before any work (the library falls back to the default).
    crate::index::search_threads()?;
    let context = Context {
        index: cli.global.index.clone(),
        corpus: cli.global.corpus.clone(),
        model: cli.global.model.clone(),
        format: cli.global.output.format(),
    };
    crate::index::guard::guarded(&context.index.clone(), || dispatch(&context, &cli.command))
}

/// Leave a command's opened index to the process's exit instead of dropping
/// it. Dropping unmaps the index's files one by one, each unmapping a TLB
/// shoot-down on the cores the search threads ran on; the kernel reclaims
/// them all at exit. Measured at 10,000 bench reports: the drop was about
/// 11% of the main thread's samples in a rare-word search. Only for the
/// read-only engine of one command: it holds no lock and nothing to flush.
fn leave_to_exit(engine: crate::search::Engine) {
    std::mem::forget(engine);
}

fn dispatch(context: &Context, command: &Command) -> Result<u8, Error> {
    match command {
        Command::Index(args) => index::run(context, args),
        Command::Search(args) => search::run(context, args),
        Command::Facets(args) => facets::run(context, args),
        Command::Mentions(args) => mentions::run(context, args),
        Command::Show(args) => show::run(context, args),
        Command::Reports => reports::run(context),
        Command::Parse(args) => parse::run(context, args),
        Command::Recommendations(args) => recommendations::run(context, args),
        Command::Figures(args) => figures::run(context, args),
        Command::Tables(args) => tables::run(context, args),
        Command::Compare(args) => compare::run(context, args),
        Command::Related(args) => related::run(context, args),
        Command::Serve(args) => serve::run(context, args),
    }
}

/// Emphasis on stdout: `--color always|never` decide; `auto` means a
/// terminal without `NO_COLOR`, or `CLICOLOR_FORCE` set (not `0`).
pub fn stdout_style(choice: ColorChoice) -> crate::output::human::Style {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let forced = set("CLICOLOR_FORCE") && std::env::var_os("CLICOLOR_FORCE") != Some("0".into());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => forced || (std::io::stdout().is_terminal() && !set("NO_COLOR")),
    };
    crate::output::human::Style {
        color,
        width: output_width(),
    }
}

/// The width human output is wrapped at: `COLUMNS` when set (a fixed width,
/// also when piped — scripts and tests set it), else the terminal's when
/// stdout is one; piped output is not wrapped.
pub fn output_width() -> Option<usize> {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|width| *width >= MIN_WIDTH);
    columns.or_else(|| {
        let stdout = std::io::stdout();
        if !stdout.is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(&stdout)
            .map(|(width, _)| usize::from(width.0))
            .filter(|width| *width >= MIN_WIDTH)
    })
}

/// Narrower than this, wrapping would do more harm than good.
const MIN_WIDTH: usize = 20;

/// A command-line error as one line in visidex's own style (`visidex:
/// error: …`), naming what to type instead: a word that starts with `-`
/// is a query word only after `--`.
fn usage_message(error: &clap::Error, args: &[String]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let rendered = error.render().to_string();
    // The message is the lines before clap's usage block, joined.
    let first = rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty() && !line.starts_with("Usage:"))
        .filter(|line| !line.starts_with("tip:"))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches("error: ")
        .to_string();
    if error.kind() == ErrorKind::UnknownArgument {
        let flag = match error.get(ContextKind::InvalidArg) {
            Some(ContextValue::String(flag)) => flag.clone(),
            _ => String::new(),
        };
        // clap names `-a` of `-armoede`: the word the user typed is the whole argument.
        let typed = args
            .iter()
            .find(|arg| {
                !flag.is_empty() && arg.starts_with(flag.as_str()) && !arg.starts_with("--")
            })
            .or_else(|| args.iter().find(|arg| **arg == flag));
        if let Some(typed) =
            typed.filter(|typed| typed.starts_with('-') && !typed.starts_with("--"))
        {
            let before: Vec<&str> = args
                .iter()
                .take_while(|arg| *arg != typed)
                .map(String::as_str)
                .collect();
            let after: Vec<&str> = args
                .iter()
                .skip_while(|arg| *arg != typed)
                .map(String::as_str)
                .collect();
            return format!(
                "unexpected option '{typed}'; to search for words starting with `-`, put `--` before them: visidex {} -- {}",
                before.join(" "),
                after.join(" ")
            );
        }
    }
    let hint = rendered
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("tip:"))
        .map(|tip| format!(" ({tip})"))
        .unwrap_or_default();
    format!("{first}{hint}; see `visidex --help`")
}

/// Print an error as one clear line on stderr.
pub fn report_error(error: &Error) {
    let mut stderr = std::io::stderr().lock();
    // File names and report text in messages are data: no terminal control,
    // and one line whatever a message quotes.
    let message = crate::output::sanitize_for_terminal(&error.to_string()).replace('\n', " ");
    let _ = writeln!(stderr, "visidex: error: {message}");
    for line in error.details() {
        let line = crate::output::sanitize_for_terminal(&line).replace('\n', " ");
        let _ = writeln!(stderr, "  {line}");
    }
}

/// Print a note (odd but readable input, progress) on stderr.
pub fn note(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let message = crate::output::sanitize_for_terminal(message);
    let _ = writeln!(stderr, "visidex: note: {message}");
}

/// Print a warning on stderr: the answer is complete, but something the user
/// should fix was found (a report the index could not read, one without a city).
pub fn warn(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let message = crate::output::sanitize_for_terminal(message);
    let _ = writeln!(stderr, "visidex: warning: {message}");
}

/// Write to stdout; a closed pipe (`visidex … | head`) is not an error worth a message.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::io("<stdout>", source)),
    }
}
