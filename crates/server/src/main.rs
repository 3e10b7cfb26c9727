fn main() -> std::process::ExitCode {
    switchboard_server::cli::main()
}
