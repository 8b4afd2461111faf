//! The book's comparative sentences about speed against the committed results
//! (`benches/results/results.csv`); the claims themselves are in `channel_benches::claims`.

use std::fs;
use std::path::{Path, PathBuf};

use channel_benches::claims::{check_all, markers, read_csv, CLAIMS};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ lives in the workspace")
        .to_path_buf()
}

#[test]
fn every_claim_holds_for_the_committed_results() {
    let csv = fs::read_to_string(workspace().join("benches/results/results.csv")).unwrap();
    let rows = read_csv(&csv).unwrap();
    let (report, ok) = check_all(&rows, false);
    print!("{report}");
    assert!(
        ok,
        "a sentence of the book is not backed by the results:\n{report}"
    );
}

#[test]
fn every_claim_is_marked_in_its_page_and_every_marker_has_a_claim() {
    let root = workspace();
    for claim in CLAIMS {
        let text = fs::read_to_string(root.join(claim.page))
            .unwrap_or_else(|e| panic!("claim {}: cannot read {}: {e}", claim.id, claim.page));
        assert!(
            markers(&text).contains(&claim.id),
            "claim {} says its sentence is in {}, but that page has no <!-- claim: {} -->",
            claim.id,
            claim.page,
            claim.id
        );
    }
    // Every marker in the book (and exercise READMEs, which the book includes) names a claim
    // on that very page.
    let mut pages = Vec::new();
    collect_md(&root.join("src"), &mut pages);
    collect_md(&root.join("exercises"), &mut pages);
    for page in pages {
        let text = fs::read_to_string(&page).unwrap();
        let rel = page
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for id in markers(&text) {
            assert!(
                CLAIMS.iter().any(|c| c.id == id && c.page == rel),
                "{rel} marks <!-- claim: {id} -->, but benches/src/claims.rs has no such claim for that page"
            );
        }
    }
}

fn collect_md(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                collect_md(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}
