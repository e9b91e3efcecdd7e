//! What the inspector lists: a summary per delivery, newest last in memory and newest first in
//! answers. A capture's whole content is read from its file in `--save-dir` when asked for;
//! without one, only the latest [`HELD`] deliveries are held whole. Summaries are capped at
//! [`LISTED`], so a listener left running for days stays bounded.

use std::collections::VecDeque;
use std::path::PathBuf;

use serde::Serialize;

use crate::fixture::Capture;

/// Deliveries held whole when there is no `--save-dir` to read them back from.
const HELD: usize = 500;
/// Summaries kept for the list; older ones fall off it (their files stay in `--save-dir`).
const LISTED: usize = 100_000;

/// One row of the list.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: u64,
    pub received_at: String,
    pub method: String,
    pub path: String,
    pub provider: Option<String>,
    pub event: Option<String>,
    pub verdict: String,
    pub status: Option<u16>,
    pub size: usize,
    /// The likely cause of a failed signature, as `whk verify` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

impl Summary {
    fn of(id: u64, capture: &Capture, file: Option<PathBuf>, cause: Option<String>) -> Summary {
        Summary {
            id,
            received_at: capture.received_at.clone(),
            method: capture.method.clone(),
            path: capture.path.clone(),
            provider: capture.provider.clone(),
            event: capture.event.clone(),
            verdict: capture.verdict.as_ref().map_or_else(|| "unknown".into(), |v| v.result.clone()),
            status: capture.response.as_ref().map(|r| r.status),
            size: capture.body.byte_len(),
            cause,
            file,
        }
    }

    /// Whether the row passes the page's filters: text in its method, path, provider or event;
    /// the provider; the verdict.
    fn matches(&self, filter: &Filter) -> bool {
        let text = filter.text.to_lowercase();
        let has_text = text.is_empty()
            || [Some(&self.method), Some(&self.path), self.provider.as_ref(), self.event.as_ref()]
                .into_iter()
                .flatten()
                .any(|field| field.to_lowercase().contains(&text));
        let provider = filter.provider.as_deref().is_none_or(|p| self.provider.as_deref() == Some(p));
        let verdict = filter.verdict.as_deref().is_none_or(|v| self.verdict == v);
        has_text && provider && verdict
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub text: String,
    pub provider: Option<String>,
    pub verdict: Option<String>,
}

#[derive(Default)]
pub struct Store {
    summaries: VecDeque<Summary>,
    held: VecDeque<(u64, Capture)>,
    next_id: u64,
}

/// One page of the list, newest first.
#[derive(Serialize)]
pub struct Page<'a> {
    pub captures: Vec<&'a Summary>,
    /// How many rows match the filters in all.
    pub total: usize,
    /// The `before` that asks for the next page, when there is one.
    pub next: Option<u64>,
}

impl Store {
    /// Adds a delivery; its id. `file` is where `--save-dir` keeps it, if anywhere.
    pub fn add(&mut self, capture: &Capture, file: Option<PathBuf>, cause: Option<String>) -> Summary {
        self.next_id += 1;
        let id = self.next_id;
        if file.is_none() {
            self.held.push_back((id, capture.clone()));
            if self.held.len() > HELD {
                self.held.pop_front();
            }
        }
        let summary = Summary::of(id, capture, file, cause);
        self.summaries.push_back(summary.clone());
        if self.summaries.len() > LISTED {
            self.summaries.pop_front();
        }
        summary
    }

    /// Rows older than `before` (all when `None`) that pass `filter`, newest first, at most
    /// `limit`.
    pub fn page(&self, filter: &Filter, before: Option<u64>, limit: usize) -> Page<'_> {
        let matching = self.summaries.iter().rev().filter(|s| s.matches(filter));
        let total = matching.clone().count();
        let mut captures: Vec<&Summary> =
            matching.filter(|s| before.is_none_or(|b| s.id < b)).take(limit + 1).collect();
        let next = (captures.len() > limit).then(|| captures[limit - 1].id);
        captures.truncate(limit);
        Page { captures, total, next }
    }

    pub fn summary(&self, id: u64) -> Option<&Summary> {
        let index = self.summaries.binary_search_by_key(&id, |s| s.id).ok()?;
        self.summaries.get(index)
    }

    /// A held delivery's capture (the ones with no file).
    pub fn held(&self, id: u64) -> Option<&Capture> {
        self.held.iter().find(|(held, _)| *held == id).map(|(_, capture)| capture)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::CapturedBody;

    fn capture(path: &str, provider: &str) -> Capture {
        Capture {
            whk_capture: 1,
            received_at: "2026-11-27T08:00:00.000Z".into(),
            remote_addr: None,
            method: "POST".into(),
            path: path.into(),
            query: None,
            headers: vec![],
            body: CapturedBody::from_bytes(b"{}"),
            provider: Some(provider.into()),
            event: None,
            verdict: None,
            schema: None,
            response: None,
            imported: None,
        }
    }

    #[test]
    fn pages_run_newest_first_and_filters_narrow_them() {
        let mut store = Store::default();
        for n in 0..25 {
            store.add(&capture(&format!("/hook/{n}"), if n % 2 == 0 { "github" } else { "stripe" }), None, None);
        }
        let first = store.page(&Filter::default(), None, 10);
        assert_eq!((first.total, first.captures[0].id, first.next), (25, 25, Some(16)));
        let second = store.page(&Filter::default(), first.next, 10);
        assert_eq!(second.captures[0].id, 15);
        let github = Filter { provider: Some("github".into()), ..Filter::default() };
        assert_eq!(store.page(&github, None, 100).total, 13);
        let text = Filter { text: "HOOK/2".into(), ..Filter::default() };
        assert_eq!(store.page(&text, None, 100).total, 6, "2 and 20..=24");
        assert!(store.held(25).is_some() && store.summary(3).is_some());
    }
}
