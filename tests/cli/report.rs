//! `whk replay --report-html` as a person sees it: rendered in headless Chromium.

use serde_json::json;

use crate::browser::Browser;
use crate::replay::{capture, save};
use crate::support::{repo, temp, whk, Reply, TestServer};

#[test]
fn the_html_report_renders_in_chromium_with_a_verdict_axes_a_legend_and_every_failure() {
    let Some(mut browser) = Browser::start() else { return };
    let dir = temp();
    for n in 0..30 {
        save(dir.path(), &format!("{n:06}.json"), &capture(b"{}", &[], Some("github")));
    }
    for n in 30..32 {
        std::fs::write(dir.path().join(format!("{n:06}.json")), "{ not a capture").unwrap();
    }
    let script = [vec![Reply::Status(200); 5], vec![Reply::Status(500); 24], vec![Reply::Status(404)]].concat();
    let server = TestServer::start(script);
    let out = whk(dir.path())
        .args(["replay", ".", "--to", &server.url, "--ordered", "--retries", "0", "--report-html", "r.html"])
        .args(["--secret", "hunter2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "malformed captures were skipped: {}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(!html.contains("hunter2"), "a secret on the command line is masked");

    let url = format!("file://{}", dir.path().join("r.html").display());
    browser.open(&url, 1280, 900);
    let page = browser.eval(
        "(() => {
            const banner = document.getElementById('verdict');
            const texts = [...document.querySelectorAll('#histogram text')];
            const chart = document.getElementById('histogram').getBoundingClientRect();
            return {
                verdict: banner.querySelector('strong').textContent,
                verdictText: document.getElementById('verdict-text').textContent,
                bannerColor: getComputedStyle(banner).backgroundColor,
                command: document.getElementById('command').textContent,
                started: document.getElementById('started').getAttribute('datetime'),
                bars: document.querySelectorAll('#histogram rect.bar').length,
                axisLabels: texts.map(t => t.textContent).filter(t => /[a-z]/.test(t)),
                ticksInside: texts.every(t => { const b = t.getBoundingClientRect(); return b.width > 0 && b.left >= chart.left && b.right <= chart.right && b.top >= chart.top && b.bottom <= chart.bottom; }),
                legend: [...document.querySelectorAll('#statuses li')].map(li => li.textContent),
                statusWidth: [...document.querySelectorAll('#status-bar rect')].reduce((w, r) => w + r.width.baseVal.value, 0),
                listed: document.querySelectorAll('#failures tr').length - 1,
                folded: document.querySelectorAll('#more-failures tr').length - 1,
                foldedOpen: document.getElementById('more-failures').open,
                foldedVisible: document.querySelector('#more-failures table').checkVisibility(),
                fetched: performance.getEntriesByType('resource').length,
                overflow: document.documentElement.scrollWidth - innerWidth,
            };
        })()",
    );
    assert_eq!(page["verdict"], "FAIL");
    assert_eq!(page["verdictText"], "25 of 30 deliveries missed --expect 2xx; 2 malformed capture(s) skipped");
    assert_eq!(page["bannerColor"], "rgb(251, 233, 231)", "the failure banner is red");
    let command = page["command"].as_str().unwrap();
    assert!(
        command.starts_with("whk replay . --to http://127.0.0.1:") && command.ends_with("--secret '***'"),
        "{command}"
    );
    assert!(page["started"].as_str().unwrap().ends_with('Z'), "{}", page["started"]);
    assert_eq!(page["bars"], 20);
    assert_eq!(page["axisLabels"], json!(["latency (ms)", "deliveries"]));
    assert_eq!(page["ticksInside"], true, "every axis label is drawn inside the chart");
    assert_eq!(page["legend"], json!(["200 × 5 (16.7%)", "404 × 1 (3.3%)", "500 × 24 (80.0%)"]));
    assert!((page["statusWidth"].as_f64().unwrap() - 640.0).abs() < 0.5, "{}", page["statusWidth"]);
    assert_eq!((page["listed"].as_u64(), page["folded"].as_u64()), (Some(20), Some(7)), "all 27 failures, 7 folded");
    assert_eq!((page["foldedOpen"].as_bool(), page["foldedVisible"].as_bool()), (Some(false), Some(false)));
    assert_eq!(page["fetched"], 0, "the page loads nothing");
    assert_eq!(page["overflow"], 0, "nothing wider than the window");

    browser.eval("document.querySelector('#more-failures summary').click()");
    let unfolded = browser.eval("document.querySelector('#more-failures table').checkVisibility()");
    assert_eq!(unfolded, true, "a click unfolds the rest");
    browser.screenshot(&dir.path().join("report.png"));

    browser.open(&url, 390, 800);
    assert_eq!(browser.eval("document.documentElement.scrollWidth - innerWidth"), 0, "fits a phone's width");

    if std::env::var_os("WHK_BLESS").is_some() {
        browser.open(&url, 1000, 800);
        browser.screenshot(&repo().join("docs/replay-report.png"));
    }
}
