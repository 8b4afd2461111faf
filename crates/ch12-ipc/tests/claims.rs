//! The comparisons that `src/ch12-processes/measured.md` states in prose, checked against the
//! table the page includes (`results.md`, written by `ch12-bench`). A re-run that contradicts a
//! sentence fails here, naming the sentence to rewrite.

use std::fs;
use std::path::Path;

/// The numbers of the table row whose first cell starts with `label` (units stripped).
fn row(results: &str, label: &str) -> Vec<f64> {
    let line = results
        .lines()
        .find(|l| l.starts_with(&format!("| {label}")))
        .unwrap_or_else(|| panic!("results.md has no row starting with `{label}`"));
    line.split('|')
        .skip(2)
        .filter_map(|cell| cell.split_whitespace().next()?.parse().ok())
        .collect()
}

fn results() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("results.md");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn round_trips_rank_in_process_then_tcp_then_nats() {
    let results = results();
    let (local, tcp, nats) = (
        row(&results, "进程内")[1],
        row(&results, "TCP")[1],
        row(&results, "本地 NATS")[1],
    );
    assert!(
        local < tcp && tcp < nats,
        "measured.md「往返延迟按预期排队」：进程内 {local} µs < TCP {tcp} µs < NATS {nats} µs 不再成立，改写这句"
    );
}

#[test]
fn tcp_leads_one_way_throughput() {
    let results = results();
    let (local, tcp) = (row(&results, "进程内")[0], row(&results, "TCP")[0]);
    assert!(
        tcp > local,
        "measured.md「单向吞吐里 TCP 反而领先」：TCP {tcp} 条/秒不再高于进程内 {local} 条/秒，改写这句"
    );
}

#[test]
fn postcard_is_over_three_times_smaller_and_decodes_much_faster() {
    let results = results();
    let (json, postcard) = (row(&results, "JSON"), row(&results, "postcard"));
    assert!(
        postcard[0] * 3.0 < json[0],
        "measured.md「postcard 的消息小三倍多」：{} 字节对 {} 字节，改写这句",
        postcard[0],
        json[0]
    );
    assert!(
        postcard[2] * 2.0 < json[2],
        "measured.md「解码明显更快」（至少快一倍）：postcard {} ns 对 JSON {} ns，改写这句",
        postcard[2],
        json[2]
    );
}
