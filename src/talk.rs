//! What a command says on stderr while it works, without knowing how it is
//! shown: the face's printer speaks it (colour, `--quiet`), a test collects
//! it. Results go back as values; this is only the talk beside them.

/// Lines for the user while a command works.
pub trait Talk {
    /// A step or a fact (`Detecting devel branch`).
    fn info(&mut self, line: &str);
    /// Something relx skipped or could not use, and went on.
    fn warn(&mut self, line: &str);
    /// Something the user must act on (an effect left as it is).
    fn alert(&mut self, line: &str);
}

/// Talk nobody hears (a probe run for its value only).
pub struct Silent;

impl Talk for Silent {
    fn info(&mut self, _: &str) {}
    fn warn(&mut self, _: &str) {}
    fn alert(&mut self, _: &str) {}
}
