//! CSV the way spreadsheets read it: UTF-8 with a byte-order mark, CRLF line ends, quoted as
//! RFC 4180 says, and a text cell that starts like a formula defused (OWASP's CSV injection),
//! so opening the file runs nothing.

/// One cell of a CSV row. Text and numbers are told apart on purpose: a text cell that starts
/// like a formula is defused with a leading `'`, while a number (seconds, a count, a negative
/// difference) is written as the number it is, so a spreadsheet can sum it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing: an absent value (a median of no samples, an unresolved episode).
    Empty,
    /// Words from people or gateways: quoted as needed and defused.
    Text(String),
    /// A whole number, written as digits with an optional leading minus.
    Integer(i64),
    /// A decimal number (a median score of 4.5); a non-finite one is written as empty.
    Decimal(f64),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    pub fn int(n: impl Into<i64>) -> Self {
        Self::Integer(n.into())
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Self::Integer(n)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Self::Integer(n.into())
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Self {
        Self::Decimal(n)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Empty, Into::into)
    }
}

/// The byte-order mark that makes Excel read the file as UTF-8 (Cyrillic otherwise turns into
/// mojibake).
pub const BOM: char = '\u{feff}';

/// A CSV file being written: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting,
/// formula-like text defused. The header is the first record.
#[derive(Clone, Debug)]
pub struct Csv {
    out: String,
}

impl Csv {
    pub fn new(header: &[&str]) -> Self {
        let mut csv = Self {
            out: String::from(BOM),
        };
        csv.row(header.iter().map(|h| Cell::text(*h)));
        csv
    }

    /// Appends one record.
    pub fn row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Self {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_cell(&mut self.out, &cell.into());
        }
        self.out.push_str("\r\n");
        self
    }

    /// The file's text.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A whole CSV file: the header, then each row (see [`Csv`]).
pub fn csv<I, R, C>(header: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = C>,
    C: Into<Cell>,
{
    let mut out = Csv::new(header);
    for row in rows {
        out.row(row);
    }
    out.finish()
}

fn write_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Empty => {}
        Cell::Integer(n) => out.push_str(&n.to_string()),
        Cell::Decimal(n) if n.is_finite() => out.push_str(&n.to_string()),
        Cell::Decimal(_) => {}
        Cell::Text(text) => {
            // OWASP's CSV-injection defence: a cell a spreadsheet would take for a formula
            // starts with an apostrophe instead, shown as text and never evaluated.
            let defused = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
            let quoted = text.contains([',', '"', '\r', '\n']);
            if quoted {
                out.push('"');
            }
            if defused {
                out.push('\'');
            }
            if quoted {
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(file: &str) -> &str {
        file.strip_prefix(BOM)
            .expect("a CSV starts with the byte-order mark")
    }

    #[test]
    fn starts_with_a_bom_and_ends_every_record_with_crlf() {
        let file = csv(&["a", "b"], [[Cell::int(1), Cell::text("x")]]);
        assert_eq!(body(&file), "a,b\r\n1,x\r\n");
    }

    #[test]
    fn quotes_commas_quotes_and_newlines_as_rfc_4180_says() {
        let file = csv(
            &["t"],
            [
                ["a,b"],
                ["say \"hi\""],
                ["two\nlines"],
                ["cr\r\nlf"],
                ["plain"],
            ],
        );
        assert_eq!(
            body(&file),
            "t\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n\"cr\r\nlf\"\r\nplain\r\n"
        );
    }

    #[test]
    fn writes_cyrillic_as_utf8() {
        let file = csv(&["Клиент"], [["Здравствуйте, нужна помощь"]]);
        assert_eq!(body(&file), "Клиент\r\n\"Здравствуйте, нужна помощь\"\r\n");
        assert!(file.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
    }

    #[test]
    fn defuses_text_that_starts_like_a_formula() {
        let file = csv(
            &["t"],
            [
                ["=HYPERLINK(\"http://x\")"],
                ["+7 900 000-00-00"],
                ["-1"],
                ["@SUM(A1)"],
                ["\tindent"],
                ["\rreturn"],
                ["a=b"],
            ],
        );
        assert_eq!(
            body(&file),
            "t\r\n\"'=HYPERLINK(\"\"http://x\"\")\"\r\n'+7 900 000-00-00\r\n'-1\r\n'@SUM(A1)\r\n'\tindent\r\n\"'\rreturn\"\r\na=b\r\n"
        );
    }

    #[test]
    fn numbers_stay_numbers_even_when_negative() {
        let file = csv(
            &["n"],
            [
                [Cell::int(-42)],
                [Cell::from(4.5)],
                [Cell::from(None::<i64>)],
                [Cell::from(f64::NAN)],
                [Cell::from(Some(7_u32))],
            ],
        );
        assert_eq!(body(&file), "n\r\n-42\r\n4.5\r\n\r\n\r\n7\r\n");
    }

    #[test]
    fn the_builder_writes_what_the_function_does() {
        let mut b = Csv::new(&["a", "b"]);
        b.row([Cell::text("=x"), Cell::int(-1)]);
        assert_eq!(
            b.finish(),
            csv(&["a", "b"], [[Cell::text("=x"), Cell::int(-1)]])
        );
    }
}
