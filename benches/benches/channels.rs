//! The whole suite as one criterion target: every [`Spec`] of the catalog, each timed with
//! `iter_custom` over persistent threads (see `channel_benches::rig`).
//!
//! Run it through `cargo xtask bench` (or `--smoke`), which also writes the report. The
//! defaults below are the full run's settings; the task runner passes them explicitly.

use std::collections::BTreeMap;

use channel_benches::catalog::{all_specs, Spec};
use channel_benches::rig::{self, Round};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn channels(c: &mut Criterion) {
    // Keep criterion's groups together, in catalog order.
    let mut groups: BTreeMap<String, Vec<Spec>> = BTreeMap::new();
    for spec in all_specs() {
        groups.entry(spec.group()).or_default().push(spec);
    }
    for (name, specs) in groups {
        let mut group = c.benchmark_group(name);
        // One iteration is one message delivered (one round trip for ping-pong).
        group.throughput(Throughput::Elements(1));
        for spec in specs {
            // Built lazily, so `--list` or a filter that skips it spawns nothing.
            let mut rig: Option<Box<dyn Round>> = None;
            let id = BenchmarkId::new(spec.imp.key(), spec.cap.key());
            group.bench_function(id, |b| {
                let rig = rig.get_or_insert_with(|| rig::build(spec));
                b.iter_custom(|iters| rig.round(iters));
            });
            // Dropping the rig ends its threads before the next benchmark starts.
            drop(rig);
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3))
        .sample_size(50)
        .nresamples(10_000)
        .without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = channels
}
criterion_main!(benches);
