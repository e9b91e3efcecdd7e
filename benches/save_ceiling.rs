//! The file system's ceiling for `whk listen --save-dir`: how many capture-sized files per second
//! whk's own atomic writer can put into one directory, with nothing else running. A listener that
//! saves one file per request cannot answer faster than this, whatever its HTTP layer does.
//!
//!     cargo bench --bench save_ceiling -- [DIR] [SECONDS]
//!
//! DIR (default: the temp dir) is where a scratch directory is made and removed again.

#![allow(clippy::print_stdout)] // a benchmark reports on stdout

use std::path::PathBuf;
use std::time::{Duration, Instant};

const CAPTURE_BYTES: usize = 2200;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let base = args.next().map_or_else(std::env::temp_dir, PathBuf::from);
    let seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    for threads in [1, 2] {
        let scratch = tempfile::tempdir_in(&base).expect("a scratch directory");
        let rate = files_per_second(scratch.path(), threads, Duration::from_secs_f64(seconds));
        println!("{threads} thread(s): {rate:.0} captures/s");
    }
}

fn files_per_second(dir: &std::path::Path, threads: usize, length: Duration) -> f64 {
    let start = Instant::now();
    let written: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || {
                    let bytes = vec![b'x'; CAPTURE_BYTES];
                    let mut count = 0;
                    while start.elapsed() < length {
                        let path = dir.join(format!("{thread}-{count:08}.json"));
                        whk::atomic_file::write(&path, &bytes).expect("write a capture");
                        count += 1;
                    }
                    count
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("writer")).sum()
    });
    written as f64 / start.elapsed().as_secs_f64()
}
