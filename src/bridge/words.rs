//! POSIX shell words, as a pasted curl command line is split: quotes ('…', "…", bash's $'…'),
//! backslashes, line continuations, comments. Words are bytes, since `$'\xff'` need not be
//! UTF-8. Nothing is expanded: `$VAR` stays as written.

use super::ImportError;

/// One command's words and the line it starts on.
pub struct Command {
    pub line: usize,
    pub words: Vec<Vec<u8>>,
}

/// The commands in `text`, split at unquoted newlines, `;`, `|` and `&`.
pub fn commands(text: &str) -> Result<Vec<Command>, ImportError> {
    let mut commands = Vec::new();
    let mut words: Vec<Vec<u8>> = Vec::new();
    let mut word: Option<Vec<u8>> = None;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let end_word = |word: &mut Option<Vec<u8>>, words: &mut Vec<Vec<u8>>| {
        if let Some(done) = word.take() {
            words.push(done);
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' | ';' | '|' | '&' => {
                end_word(&mut word, &mut words);
                if !words.is_empty() {
                    commands.push(Command { line: start_line, words: std::mem::take(&mut words) });
                }
                if c == '\n' {
                    line += 1;
                }
                start_line = line;
            }
            ' ' | '\t' | '\r' => end_word(&mut word, &mut words),
            '#' if word.is_none() => {
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                Some('\n') => line += 1,
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    line += 1;
                }
                Some(escaped) => push(word.get_or_insert_with(Vec::new), escaped),
                None => return Err(ImportError::at(line, "a backslash ends the text")),
            },
            '\'' => {
                let opened = line;
                let out = word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => {
                            line += usize::from(c == '\n');
                            push(out, c);
                        }
                        None => return Err(ImportError::at(opened, "a ' quote is never closed")),
                    }
                }
            }
            '"' => {
                let opened = line;
                let out = word.get_or_insert_with(Vec::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => push(out, c),
                            Some('\n') => line += 1,
                            Some(c) => {
                                out.push(b'\\');
                                push(out, c);
                            }
                            None => return Err(ImportError::at(opened, "a \" quote is never closed")),
                        },
                        Some(c) => {
                            line += usize::from(c == '\n');
                            push(out, c);
                        }
                        None => return Err(ImportError::at(opened, "a \" quote is never closed")),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let opened = line;
                ansi_c(&mut chars, word.get_or_insert_with(Vec::new), &mut line)
                    .ok_or_else(|| ImportError::at(opened, "a $' quote is never closed"))?;
            }
            c => push(word.get_or_insert_with(Vec::new), c),
        }
    }
    end_word(&mut word, &mut words);
    if !words.is_empty() {
        commands.push(Command { line: start_line, words });
    }
    Ok(commands)
}

fn push(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// The rest of a `$'…'` word, escapes decoded; `None` when it never closes.
fn ansi_c(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut Vec<u8>, line: &mut usize) -> Option<()> {
    loop {
        match chars.next()? {
            '\'' => return Some(()),
            '\\' => {
                let escaped = chars.next()?;
                match escaped {
                    'n' => out.push(b'\n'),
                    't' => out.push(b'\t'),
                    'r' => out.push(b'\r'),
                    'a' => out.push(0x07),
                    'b' => out.push(0x08),
                    'e' | 'E' => out.push(0x1b),
                    'f' => out.push(0x0c),
                    'v' => out.push(0x0b),
                    'x' => out.push(digits(chars, 16, 2)?.0 as u8),
                    '0'..='7' => {
                        // One to three octal digits, the first already read.
                        let first = escaped.to_digit(8)?;
                        let value = match digits(chars, 8, 2) {
                            Some((rest, count)) => first * 8u32.pow(count as u32) + rest,
                            None => first,
                        };
                        out.push(value as u8);
                    }
                    'u' | 'U' => {
                        let (code, _) = digits(chars, 16, if escaped == 'u' { 4 } else { 8 })?;
                        push(out, char::from_u32(code)?);
                    }
                    other => push(out, other),
                }
            }
            c => {
                *line += usize::from(c == '\n');
                push(out, c);
            }
        }
    }
}

/// Up to `max` digits in `radix`: their value and how many there were; `None` when none.
fn digits(chars: &mut std::iter::Peekable<std::str::Chars>, radix: u32, max: usize) -> Option<(u32, usize)> {
    let mut value = 0;
    let mut count = 0;
    while count < max {
        let Some(digit) = chars.peek().and_then(|c| c.to_digit(radix)) else { break };
        chars.next();
        value = value * radix + digit;
        count += 1;
    }
    (count > 0).then_some((value, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        commands(text)
            .unwrap()
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| String::from_utf8_lossy(&w).into_owned()).collect())
            .collect()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            words("curl -H 'A: b c' \\\n  -d \"x=\\\"1\\\" \\$y\" $'\\x41\\n' http://h/p # note\necho hi"),
            [vec!["curl", "-H", "A: b c", "-d", "x=\"1\" $y", "A\n", "http://h/p"], vec!["echo", "hi"]]
        );
        assert_eq!(words("a''b \"\" c|d;e"), [vec!["ab", "", "c"], vec!["d"], vec!["e"]]);
        assert_eq!(commands("x $'\\xff\\0'").unwrap()[0].words[1], [0xff, 0]);
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let err = commands("curl \\\n -d 'open").err().unwrap();
        assert_eq!((err.line, err.message.as_str()), (2, "a ' quote is never closed"));
        assert!(commands("curl \"x").is_err());
        assert!(commands("curl $'x").is_err());
    }
}
