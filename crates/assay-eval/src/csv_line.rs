//! Line numbers of CSV records that are right for files with Windows line
//! ends and blank lines too.
//!
//! The csv crate takes a record's position before it reads the record. At
//! that point the `\n` of a `\r\n` line end, and any blank lines, are still
//! unread: in a file with Windows line ends every record would be reported
//! one line early, and after a blank line one more. [`LineEnds`] notes where
//! the line-end bytes are as the input is read, and
//! [`LineEnds::record_line`] adds the newlines between a record's recorded
//! position and its first byte.
//!
//! Shared by the labelled-file readers here and `assay batch`'s streaming
//! reader in the CLI.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that passes `inner` through, noting the offsets of `\r` and
/// `\n` bytes not yet asked about (a window as large as the CSV reader's
/// read-ahead).
#[derive(Debug)]
pub struct LineEnds<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of line-end bytes at or after the last record asked about,
    /// each with whether it is a `\n`.
    ends: VecDeque<(u64, bool)>,
}

impl<R> LineEnds<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        LineEnds { inner, offset: 0, ends: VecDeque::new() }
    }

    /// The 1-based line a record (or error) at `position` starts on. Ask
    /// in input order: what lies before `position` is forgotten.
    pub fn record_line(&mut self, position: &csv::Position) -> u64 {
        let start = position.byte();
        while self.ends.front().is_some_and(|&(at, _)| at < start) {
            self.ends.pop_front();
        }
        // The line-end bytes right at `start`, one after another.
        let skipped: u64 = (start..)
            .zip(&self.ends)
            .take_while(|(expected, (at, _))| at == expected)
            .map(|(_, &(_, newline))| u64::from(newline))
            .sum();
        position.line() + skipped
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for at in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            self.ends.push_back((self.offset + at as u64, buf[at] == b'\n'));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, buffer: usize) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .buffer_capacity(buffer)
            .from_reader(LineEnds::new(text.as_bytes()));
        let mut record = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let position = record.position().unwrap().clone();
            lines.push(reader.get_mut().record_line(&position));
        }
        lines
    }

    #[test]
    fn records_start_on_the_same_lines_whatever_the_line_ends() {
        let unix = "a,b\n1,\"two\nlines\"\n3,4\n\n5,6\n7,8";
        let windows = unix.replace('\n', "\r\n");
        for buffer in [3, 8 * 1024] {
            assert_eq!(lines(unix, buffer), [2, 4, 6, 7], "buffer {buffer}");
            assert_eq!(lines(&windows, buffer), [2, 4, 6, 7], "buffer {buffer}");
        }
    }
}
