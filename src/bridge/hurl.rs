//! hurl files: each capture a request with its headers, the body as `base64,…;` (hurl sends
//! those bytes exactly and reads no `{{template}}` in them), and an assertion of the status the
//! capture was answered with.

use std::io::Write;

use super::{ExportError, Exporter, Outgoing};
use crate::scheme::encode_base64;

pub struct Hurl;

impl Exporter for Hurl {
    fn entry(&mut self, out: &mut dyn Write, request: &Outgoing) -> Result<(), ExportError> {
        let mut text =
            format!("# {}\n{} {}\n", crate::output::sanitize_line(request.name), request.capture.method, request.url);
        for (name, value) in request.headers.iter().filter(|(n, _)| !crate::http::is_hop_by_hop(n)) {
            text.push_str(&format!("{name}: {value}\n"));
        }
        if !request.body.is_empty() {
            text.push_str(&format!("base64,{};\n", encode_base64(&request.body)));
        }
        // The captured status, or any status when the capture has none to assert.
        match &request.capture.response {
            Some(response) => text.push_str(&format!("HTTP {}\n\n", response.status)),
            None => text.push_str("HTTP *\n\n"),
        }
        out.write_all(text.as_bytes())?;
        Ok(())
    }
}
