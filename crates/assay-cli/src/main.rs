//! The `assay` command. All logic lives in the library; see `lib.rs`.

use std::process::ExitCode;

/// mimalloc instead of the system allocator: scoring allocates and frees
/// many small strings and vectors per answer, and glibc's malloc and free
/// were about a tenth of `assay batch`'s time (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = assay_cli::Args::parse_command_line();
    match assay_cli::run(&args) {
        Ok(status) => status.into(),
        Err(error) => {
            if assay_cli::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {error}");
                for cause in error.chain().skip(1) {
                    eprintln!("  caused by: {cause}");
                }
            }
            assay_cli::ExitStatus::Error.into()
        }
    }
}
