//! Source files, file ids, byte spans, and line/column lookup.
//!
//! Every model value carries a [`Span`] (file id plus byte range). Line and column are
//! computed only when a reporter needs them, through [`LineIndex`].

use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file. `end` is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { file, start, end }
    }

    /// The smallest span covering both (same file assumed; `self`'s file wins).
    pub fn cover(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Byte range as `usize`s.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// One input file: its path as given, its path relative to the scan root, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Id in the source map.
    pub id: FileId,
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to the scan root, with `/` separators (used in reports).
    pub rel_path: String,
    /// The file's text (UTF-8; invalid bytes replaced). Emptied after the scan for
    /// files that no report needs, to bound memory.
    pub text: String,
    /// For a file read through a translation (`.tf.json`), the map from the offsets of
    /// the translated text, which every span of the model uses, to this text's.
    pub remap: Option<Remap>,
    /// For the code of a module `terraform init` installed (not part of the scanned
    /// tree), the module call every report about it points at.
    pub redirect: Option<Span>,
}

/// Maps offsets of a generated text back to the text it was generated from: a list of
/// segments, each a generated start offset and the original range it stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remap {
    segments: Vec<(u32, u32, u32)>,
}

impl Remap {
    /// Records that generated text from `at` on stands for original bytes `from..to`
    /// (segments must be pushed in generated order).
    pub fn push(&mut self, at: usize, from: usize, to: usize) {
        let c = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        self.segments.push((c(at), c(from), c(to.max(from))));
    }

    /// The original offset of generated offset `at`: the same distance into its
    /// segment, clamped to the segment's original range.
    pub fn offset(&self, at: u32) -> u32 {
        let k = self.segments.partition_point(|s| s.0 <= at);
        match k.checked_sub(1).and_then(|k| self.segments.get(k)) {
            Some(&(g, from, to)) => from.saturating_add(at - g).min(to),
            None => 0,
        }
    }

    /// The original span of a generated one.
    pub fn span(&self, span: Span) -> Span {
        let start = self.offset(span.start);
        let end = self.offset(span.end).max(start);
        Span { start, end, ..span }
    }
}

/// Byte offset → (line, column) lookup for one text. Lines are 1-based; columns are
/// 1-based and counted in UTF-16 code units, as SARIF expects.
///
/// Long lines (a `terraform show -json` plan is one line of megabytes) carry a mark
/// every [`LineIndex::MARK_EVERY`] bytes with the column there, so a column costs at
/// most that many bytes of counting, not the whole line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// (byte offset at a char boundary, UTF-16 column from its line's start).
    marks: Vec<(u32, u32)>,
}

impl LineIndex {
    /// Bytes between two column marks on a long line.
    pub const MARK_EVERY: usize = 4096;

    /// Builds the index of line starts.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        let mut marks = Vec::new();
        let (mut col, mut since) = (0u32, 0usize);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                (col, since) = (0, 0);
                continue;
            }
            let continuation = b & 0xC0 == 0x80;
            if since >= Self::MARK_EVERY && !continuation {
                marks.push((u32::try_from(i).unwrap_or(u32::MAX), col));
                since = 0;
            }
            // UTF-16 units of the char a byte starts: 4-byte sequences take two
            col += match b {
                0xF0..=0xFF => 2,
                _ if continuation => 0,
                _ => 1,
            };
            since += 1;
        }
        LineIndex { starts, marks }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0) as usize
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based (line, column) of a byte offset; the column counts UTF-16 code units.
    pub fn position(&self, text: &str, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(text.len());
        let line = self.line(offset as u32);
        let start = self.line_start(line).min(offset);
        // count from the last mark on this line before the offset, if any
        let (from, base) = match self
            .marks
            .partition_point(|(o, _)| *o as usize <= offset)
            .checked_sub(1)
            .and_then(|i| self.marks.get(i))
        {
            Some(&(o, c)) if o as usize >= start => (o as usize, c as usize),
            _ => (start, 0),
        };
        let col = match text.get(from..offset) {
            Some(s) => base + s.encode_utf16().count(),
            None => offset - start,
        };
        (line, col + 1)
    }
}

/// All files of one scan.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, rel_path: String, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            id,
            path,
            rel_path,
            text,
            remap: None,
            redirect: None,
        });
        id
    }

    /// The span of the file's own text that a model span stands for (they differ only
    /// for translated files, see [`Remap`]).
    pub fn original(&self, span: Span) -> Span {
        let Some(f) = self.get(span.file) else {
            return span;
        };
        match (&f.redirect, &f.remap) {
            // the call is in a file of the scan, never itself redirected
            (Some(site), _) => match self.get(site.file).and_then(|g| g.remap.as_ref()) {
                Some(r) => r.span(*site),
                None => *site,
            },
            (None, Some(r)) => r.span(span),
            (None, None) => span,
        }
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Mutable access to a file.
    pub fn get_mut(&mut self, id: FileId) -> Option<&mut SourceFile> {
        self.files.get_mut(id.0 as usize)
    }

    /// All files, in id order.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Relative path of a file, or `""`.
    pub fn rel_path(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.rel_path.as_str()).unwrap_or("")
    }

    /// The text under a span, or `""` when out of range.
    pub fn snippet(&self, span: Span) -> &str {
        let span = self.original(span);
        self.get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }
}

/// Normalises a path for reports: relative to `root` when possible, `/` separators.
pub fn display_path(path: &Path, root: Option<&Path>) -> String {
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_utf16() {
        let text = "ab\ncd\n\u{1F600}x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, 4), (2, 2));
        // the emoji is 4 bytes and 2 UTF-16 units
        assert_eq!(idx.position(text, 10), (3, 3));
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn long_lines_count_columns_from_marks() {
        let chunk = "ab\u{e9}\u{1F600}\u{4e2d}-";
        let line = chunk.repeat(3000);
        let text = format!("x\n{line}\ny");
        let idx = LineIndex::new(&text);
        assert!(!idx.marks.is_empty());
        for (offset, _) in text.char_indices().step_by(97) {
            let start = idx.line_start(idx.line(offset as u32));
            let expected = text[start..offset].encode_utf16().count() + 1;
            assert_eq!(
                idx.position(&text, offset as u32).1,
                expected,
                "at {offset}"
            );
        }
        assert_eq!(idx.position(&text, text.len() as u32), (3, 2));
    }
}
