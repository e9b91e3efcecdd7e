//! Files written whole or not at all (captures, the ready file, reports, keys), and the unnamed
//! scratch file a large piped body is spooled to.

use std::path::{Path, PathBuf};

/// Puts `bytes` at `path` whole or not at all. On Linux the file is first written unnamed
/// (`O_TMPFILE`) and then linked into place: one directory change instead of a create and a
/// rename, which lifts ext4's file-per-capture rate by about half, and a crash leaves no
/// temp file behind. Where that is unsupported, a hidden temp file beside `path` is renamed.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    put(path, bytes, 0o666, false)
}

/// [`write`] for keys: created with `mode` (before the umask) and flushed to the disk before
/// it takes the name, so a crash never leaves a key file that is empty or half written.
pub fn write_key(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    put(path, bytes, mode, true)
}

fn put(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if linked_tmpfile(path, bytes, mode, sync).is_ok() {
        return Ok(());
    }
    renamed_temp(path, bytes, mode, sync)
}

fn fill(mut file: std::fs::File, bytes: &[u8], sync: bool) -> std::io::Result<std::fs::File> {
    use std::io::Write;
    file.write_all(bytes)?;
    if sync {
        file.sync_all()?;
    }
    Ok(file)
}

#[cfg(target_os = "linux")]
fn linked_tmpfile(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> std::io::Result<()> {
    use rustix::fs::{linkat, AtFlags, OFlags, CWD};
    use std::os::fd::AsRawFd;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file = fill(unnamed_file(dir, OFlags::WRONLY, mode)?, bytes, sync)?;
    // linkat(AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH; the /proc link does not.
    let link = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(CWD, link.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW)?;
    Ok(())
}

#[cfg(target_os = "linux")]
fn unnamed_file(dir: &Path, access: rustix::fs::OFlags, mode: u32) -> std::io::Result<std::fs::File> {
    use rustix::fs::{open, Mode, OFlags};
    Ok(open(dir, OFlags::TMPFILE | OFlags::CLOEXEC | access, Mode::from_raw_mode(mode))?.into())
}

fn renamed_temp(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> std::io::Result<()> {
    let temp = temp_path(path);
    // A stale temp file would keep its old mode: start afresh.
    let _ = std::fs::remove_file(&temp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    // File modes are a Unix notion; elsewhere the file takes its directory's permissions.
    #[cfg(not(unix))]
    let _ = mode;
    let result =
        options.open(&temp).and_then(|file| fill(file, bytes, sync)).and_then(|_| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or("capture".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn writes_the_whole_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"{\"a\":1}\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\n");
        assert_eq!(names(dir.path()), ["a.json"]);
    }

    #[test]
    fn replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ready");
        std::fs::write(&path, "old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["ready"]);
    }

    #[test]
    fn a_missing_directory_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(&dir.path().join("gone/a.json"), b"x").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn the_fallback_renames_a_temp_file_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        renamed_temp(&path, b"bytes", 0o666, false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
        assert_eq!(names(dir.path()), ["b.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn keys_get_their_mode_on_either_path() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (fast, fallback) = (dir.path().join("fast.key"), dir.path().join("fallback.key"));
        write_key(&fast, b"k", 0o600).unwrap();
        renamed_temp(&fallback, b"k", 0o600, true).unwrap();
        for path in [fast, fallback] {
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "{}", path.display());
        }
    }

    /// The fast path itself, not just its fallback, must work where the file system allows it.
    #[cfg(target_os = "linux")]
    #[test]
    fn links_an_unnamed_file_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        match linked_tmpfile(&path, b"linked", 0o666, false) {
            Ok(()) => assert_eq!(std::fs::read(&path).unwrap(), b"linked"),
            // A file system without O_TMPFILE (older overlayfs) takes the rename path.
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::OPNOTSUPP.raw_os_error()) => {}
            Err(e) => panic!("O_TMPFILE + linkat failed: {e}"),
        }
        assert!(names(dir.path()).iter().all(|n| n == "c.json"));
    }
}
