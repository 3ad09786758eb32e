//! The `relx` binary: everything happens in `relx::cli`.

/// musl's own malloc took up to a third of a `relx version` run in the
/// static Linux build (docs/benchmarks.md, "Static binary"), so that build
/// gets mimalloc; the other targets keep their system allocator.
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(relx::cli::main())
}
