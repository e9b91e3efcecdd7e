//! The file system's ceiling for `whk listen --save-dir`: how many capture-sized files per second
//! can be put into one directory, whole or not at all, with nothing else running. A listener that
//! saves one file per request cannot answer faster than this, whatever its HTTP layer does.
//!
//! Two writers are timed, in alternating rounds so that both see the same disk: whk's own
//! (`atomic_file::write`: on Linux an unnamed `O_TMPFILE` linked into place) and the `tempfile`
//! crate's named temporary file persisted by rename. whk keeps its own only while it wins by at
//! least 15 %.
//!
//!     cargo bench --bench save_ceiling -- [DIR] [SECONDS]
//!
//! DIR (default: the temp dir) is where a scratch directory is made and removed again.

#![allow(clippy::print_stdout)] // a benchmark reports on stdout

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CAPTURE_BYTES: usize = 2200;
const ROUNDS: u32 = 6;

type Writer = fn(&Path, &[u8]);

fn whk_writer(path: &Path, bytes: &[u8]) {
    whk::atomic_file::write(path, bytes).expect("write a capture");
}

fn tempfile_writer(path: &Path, bytes: &[u8]) {
    let dir = path.parent().expect("a directory");
    let mut file = tempfile::NamedTempFile::new_in(dir).expect("a temporary file");
    file.write_all(bytes).expect("write a capture");
    file.persist(path).expect("rename into place");
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let base = args.next().map_or_else(std::env::temp_dir, PathBuf::from);
    let seconds: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let writers: [(&str, Writer); 2] =
        [("whk (O_TMPFILE + link)", whk_writer), ("tempfile (persist by rename)", tempfile_writer)];
    for threads in [1, 2] {
        let mut totals = [(0usize, Duration::ZERO); 2];
        for _ in 0..ROUNDS {
            for (total, (_, writer)) in totals.iter_mut().zip(writers) {
                let scratch = tempfile::tempdir_in(&base).expect("a scratch directory");
                let round = Duration::from_secs_f64(seconds / f64::from(ROUNDS));
                let (written, took) = files_written(scratch.path(), threads, round, writer);
                total.0 += written;
                total.1 += took;
            }
        }
        let rates: Vec<f64> = totals.iter().map(|(n, t)| *n as f64 / t.as_secs_f64()).collect();
        for ((name, _), rate) in writers.iter().zip(&rates) {
            println!("{threads} thread(s), {name}: {rate:.0} captures/s");
        }
        println!("{threads} thread(s): whk's writer / tempfile's = {:.2}x", rates[0] / rates[1]);
    }
}

fn files_written(dir: &Path, threads: usize, length: Duration, writer: Writer) -> (usize, Duration) {
    let start = Instant::now();
    let written: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || {
                    let bytes = vec![b'x'; CAPTURE_BYTES];
                    let mut count = 0;
                    while start.elapsed() < length {
                        writer(&dir.join(format!("{thread}-{count:08}.json")), &bytes);
                        count += 1;
                    }
                    count
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("writer")).sum()
    });
    (written, start.elapsed())
}
