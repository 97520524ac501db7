//! Replays the kept corpus through every fuzz target, so what the fuzzer found stays fixed and
//! a change that breaks an invariant fails the ordinary test command, with no fuzzer needed.

use std::path::Path;

/// Runs every file in `dir` through `target`; returns how many there were.
fn replay(name: &str, target: herald_fuzz::Target, dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut count = 0;
    for entry in entries {
        let path = entry.expect("a corpus entry").path();
        let data = std::fs::read(&path).expect("a corpus file reads");
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(
            outcome.is_ok(),
            "{name}: {} broke an invariant",
            path.display()
        );
        count += 1;
    }
    count
}

#[test]
fn every_kept_input_still_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut total = 0;
    for (name, target) in herald_fuzz::TARGETS {
        let kept = replay(name, target, &root.join("corpus").join(name));
        assert!(
            kept > 0,
            "the corpus of {name} is kept in fuzz/corpus/{name}"
        );
        // Inputs that once failed, outside the corpus so minimising it never drops them.
        total += kept + replay(name, target, &root.join("regressions").join(name));
    }
    println!("replayed {total} kept inputs");
}
