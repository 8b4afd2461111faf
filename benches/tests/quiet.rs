//! The suite's isolation, tested in a process of its own (one test in this binary, so no other
//! test's threads are counted): every benchmark's rig, once dropped, leaves exactly the threads
//! the process had before it, and none of them keeps the CPU busy.

use std::time::{Duration, Instant};

use channel_benches::catalog::all_specs;
use channel_benches::guard::{check_quiet, live_threads, process_cpu_time, Disturbance};
use channel_benches::rig;

#[test]
fn every_rig_ends_all_its_threads_when_dropped() {
    let Some(baseline) = live_threads() else {
        return; // not Linux: nothing to read
    };

    // The guard notices a thread left behind…
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let leftover = std::thread::spawn(move || {
        let _ = stop_rx.recv();
    });
    assert_eq!(
        check_quiet(baseline, Duration::ZERO),
        Err(Disturbance::Threads {
            baseline,
            now: baseline + 1
        })
    );
    drop(stop_tx);
    leftover.join().unwrap();

    // …and the CPU-time reading moves when this process works.
    let before = process_cpu_time().expect("/proc/self/stat");
    let limit = Instant::now() + Duration::from_secs(5);
    while process_cpu_time().unwrap() < before + Duration::from_millis(30) {
        assert!(
            Instant::now() < limit,
            "5 s of spinning did not show as CPU time"
        );
        std::hint::spin_loop();
    }

    // Every rig of the suite: build, one short round, drop, and the process is as it was.
    // (The library's own tests check the messages; this checks what a rig leaves behind.)
    for spec in all_specs() {
        let mut rig = rig::build(spec);
        rig.round(64);
        drop(rig);
        if let Err(disturbance) = check_quiet(baseline, Duration::ZERO) {
            panic!("{spec}: {disturbance}");
        }
    }
}
