//! Chapter 11's hand-made channels (crate `ch11_channels`) as rows of this suite: adapters
//! for the [`Flavor`] trait, the benchmarks they run, and the table and headline figures the
//! chapter includes (`results/handmade.md`).
//!
//! Kept in one file so the suite itself needs only a few registration lines: one [`Imp`]
//! variant whose key, label and support are delegated here, [`specs`] in `all_specs`, and
//! [`build`] in the rig.

use std::fmt::Write as _;

use ch11_channels::{s1_mutex_condvar, s2_bounded, s4_spsc_ring, s5_blocking};
use crossbeam::utils::Backoff;

use crate::catalog::{Cap, Imp, Msg, Spec, Topology};
use crate::flavors::Flavor;
use crate::message::Message;
use crate::report::{fmt_value, Measurement, Results};
use crate::rig::Round;

/// One step of chapter 11.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Step 1: `Mutex<VecDeque>` + one `Condvar`, unbounded.
    S1,
    /// Step 2: bounded, two `Condvar`s.
    S2,
    /// Step 4: the lock-free SPSC ring, both sides spinning (padded indices).
    S4,
    /// Step 4 without cache-line padding: the measurement behind the padding.
    S4Unpadded,
    /// Step 5: the ring with spin-then-park waiting.
    S5,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::S1, Step::S2, Step::S4, Step::S4Unpadded, Step::S5];

    pub fn key(self) -> &'static str {
        match self {
            Step::S1 => "ch11-s1",
            Step::S2 => "ch11-s2",
            Step::S4 => "ch11-s4",
            Step::S4Unpadded => "ch11-s4-unpadded",
            Step::S5 => "ch11-s5",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::S1 => "第 11 章第 1 步：Mutex + Condvar",
            Step::S2 => "第 11 章第 2 步：有界，两个 Condvar",
            Step::S4 => "第 11 章第 4 步：SPSC 环（自旋）",
            Step::S4Unpadded => "第 11 章第 4 步：SPSC 环（下标不填充）",
            Step::S5 => "第 11 章第 5 步：SPSC 环 + park",
        }
    }

    /// The benchmarks each step runs: what it can do, and no more than the comparison needs.
    pub fn supports(self, topology: Topology, cap: Cap) -> bool {
        use Topology::*;
        let swept = matches!(cap, Cap::Bounded(n) if n > 0);
        match self {
            // Unbounded only: SPSC, both MPSC sizes and ping-pong.
            Step::S1 => {
                cap == Cap::Unbounded && matches!(topology, Spsc | Mpsc2 | Mpsc4 | PingPong)
            }
            Step::S2 => match topology {
                Spsc => swept,
                Mpsc2 | Mpsc4 => matches!(cap, Cap::Bounded(1) | Cap::Bounded(1024)),
                PingPong => cap == Cap::Bounded(1),
                _ => false,
            },
            Step::S4 | Step::S5 => match topology {
                Spsc => swept,
                PingPong => cap == Cap::Bounded(1),
                _ => false,
            },
            Step::S4Unpadded => {
                topology == Spsc && matches!(cap, Cap::Bounded(1) | Cap::Bounded(1024))
            }
        }
    }
}

/// The capacities a step is tried with (the suite's sweep, minus the ones it cannot do).
const CAPS: [Cap; 7] = [
    Cap::Bounded(1),
    Cap::Bounded(4),
    Cap::Bounded(16),
    Cap::Bounded(64),
    Cap::Bounded(256),
    Cap::Bounded(1024),
    Cap::Unbounded,
];

/// Every chapter-11 benchmark, `u64` messages.
pub fn specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for step in Step::ALL {
        for topology in [
            Topology::Spsc,
            Topology::Mpsc2,
            Topology::Mpsc4,
            Topology::PingPong,
        ] {
            for cap in CAPS {
                if step.supports(topology, cap) {
                    specs.push(Spec::new(topology, Msg::U64, Imp::Handmade(step), cap));
                }
            }
        }
    }
    specs
}

/// The rig for one chapter-11 benchmark.
pub fn build(step: Step, spec: Spec) -> Box<dyn Round> {
    match step {
        Step::S1 => crate::rig::sync_flavor::<S1>(spec),
        Step::S2 => crate::rig::sync_flavor::<S2>(spec),
        Step::S4 => crate::rig::sync_flavor::<S4<s4_spsc_ring::Padded>>(spec),
        Step::S4Unpadded => crate::rig::sync_flavor::<S4<s4_spsc_ring::Unpadded>>(spec),
        Step::S5 => crate::rig::sync_flavor::<S5>(spec),
    }
}

const GONE: &str = "the other side of a chapter-11 channel hung up in the middle of a round";

/// Step 1.
#[derive(Debug)]
pub struct S1;

impl Flavor for S1 {
    type Tx<M: Message> = s1_mutex_condvar::Sender<M>;
    type Rx<M: Message> = s1_mutex_condvar::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        assert_eq!(cap, Cap::Unbounded, "step 1 is unbounded");
        s1_mutex_condvar::channel()
    }
    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }
    fn clone_rx<M: Message>(_: &Self::Rx<M>) -> Self::Rx<M> {
        unreachable!("step 1 has one receiver")
    }
    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }
    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// Step 2.
#[derive(Debug)]
pub struct S2;

impl Flavor for S2 {
    type Tx<M: Message> = s2_bounded::Sender<M>;
    type Rx<M: Message> = s2_bounded::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => s2_bounded::channel(n),
            Cap::Unbounded => unreachable!("step 2 is bounded"),
        }
    }
    fn clone_tx<M: Message>(tx: &Self::Tx<M>) -> Self::Tx<M> {
        tx.clone()
    }
    fn clone_rx<M: Message>(_: &Self::Rx<M>) -> Self::Rx<M> {
        unreachable!("step 2 has one receiver")
    }
    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }
    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

/// Step 4: a full or empty ring is waited out by spinning, then yielding, like the rtrb floor.
#[derive(Debug)]
pub struct S4<I>(std::marker::PhantomData<I>);

impl<I: s4_spsc_ring::Index> Flavor for S4<I> {
    type Tx<M: Message> = s4_spsc_ring::Producer<M, I>;
    type Rx<M: Message> = s4_spsc_ring::Consumer<M, I>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => s4_spsc_ring::with_index(n),
            Cap::Unbounded => unreachable!("step 4 is a fixed-size ring"),
        }
    }
    fn clone_tx<M: Message>(_: &Self::Tx<M>) -> Self::Tx<M> {
        unreachable!("step 4 has exactly one producer")
    }
    fn clone_rx<M: Message>(_: &Self::Rx<M>) -> Self::Rx<M> {
        unreachable!("step 4 has exactly one consumer")
    }
    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, mut msg: M) {
        let backoff = Backoff::new();
        while let Err(back) = tx.push(msg) {
            msg = back;
            backoff.snooze();
        }
    }
    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        let backoff = Backoff::new();
        loop {
            if let Some(msg) = rx.pop() {
                return msg;
            }
            backoff.snooze();
        }
    }
}

/// Step 5.
#[derive(Debug)]
pub struct S5;

impl Flavor for S5 {
    type Tx<M: Message> = s5_blocking::Sender<M>;
    type Rx<M: Message> = s5_blocking::Receiver<M>;

    fn channel<M: Message>(cap: Cap) -> (Self::Tx<M>, Self::Rx<M>) {
        match cap {
            Cap::Bounded(n) => s5_blocking::channel(n),
            Cap::Unbounded => unreachable!("step 5 is a fixed-size ring"),
        }
    }
    fn clone_tx<M: Message>(_: &Self::Tx<M>) -> Self::Tx<M> {
        unreachable!("step 5 has exactly one sender")
    }
    fn clone_rx<M: Message>(_: &Self::Rx<M>) -> Self::Rx<M> {
        unreachable!("step 5 has exactly one receiver")
    }
    #[inline]
    fn send<M: Message>(tx: &mut Self::Tx<M>, msg: M) {
        tx.send(msg).expect(GONE);
    }
    #[inline]
    fn recv<M: Message>(rx: &mut Self::Rx<M>) -> M {
        rx.recv().expect(GONE)
    }
}

// ---------------------------------------------------------------------------------------------
// Report: `results/handmade.md`, included by chapter 11.

/// The generated page: headline figures (by anchor) and one table per topology.
pub fn report(results: &Results) -> Result<String, String> {
    let mut out = String::from("<!-- 由 `cargo xtask bench` 生成，不要手工修改。 -->\n\n");
    let need = |topology, imp, cap| {
        results
            .get(topology, Msg::U64, imp, cap)
            .ok_or_else(|| format!("no result for {}", Spec::new(topology, Msg::U64, imp, cap)))
    };
    let big = Cap::Bounded(1024);
    let anchor = |out: &mut String, name: &str, body: String| {
        let _ = write!(
            out,
            "<!-- ANCHOR: {name} -->\n{body}\n<!-- ANCHOR_END: {name} -->\n\n"
        );
    };

    // Target 1: the ring within 1.5× of std's bounded(1024) SPSC throughput.
    let ring = need(Topology::Spsc, Imp::Handmade(Step::S4), big)?;
    let blocking = need(Topology::Spsc, Imp::Handmade(Step::S5), big)?;
    let std = need(Topology::Spsc, Imp::Std, big)?;
    let cb = need(Topology::Spsc, Imp::Crossbeam, big)?;
    anchor(
        &mut out,
        "ring_vs_std",
        format!(
            "SPSC、bounded(1024)、`u64`：第 4 步的环 {}，第 5 步（环 + park）{}，\
             std::sync::mpsc {}，crossbeam-channel {}（百万条/秒）。第 4 步的吞吐量是 std 的 \
             **{:.2} 倍**，{}（目标：不低于 std 的 1/1.5）。",
            fmt_value(ring.mps()),
            fmt_value(blocking.mps()),
            fmt_value(std.mps()),
            fmt_value(cb.mps()),
            ring.mps() / std.mps(),
            verdict(std.ns / ring.ns >= 1.0 / 1.5)
        ),
    );

    // Padding, measured.
    let padded = need(Topology::Spsc, Imp::Handmade(Step::S4), big)?;
    let unpadded = need(Topology::Spsc, Imp::Handmade(Step::S4Unpadded), big)?;
    let padded1 = need(Topology::Spsc, Imp::Handmade(Step::S4), Cap::Bounded(1))?;
    let unpadded1 = need(
        Topology::Spsc,
        Imp::Handmade(Step::S4Unpadded),
        Cap::Bounded(1),
    )?;
    anchor(
        &mut out,
        "padding",
        format!(
            "下标各占一条缓存行：bounded(1024) {} 对不填充 {}，bounded(1) {} 对 {}（百万条/秒）。\
             填充带来的变化：bounded(1024) **{:+.0}%**，bounded(1) **{:+.0}%**。",
            fmt_value(padded.mps()),
            fmt_value(unpadded.mps()),
            fmt_value(padded1.mps()),
            fmt_value(unpadded1.mps()),
            100.0 * (padded.mps() / unpadded.mps() - 1.0),
            100.0 * (padded1.mps() / unpadded1.mps() - 1.0),
        ),
    );

    // Target 2: the blocking step within 2× of crossbeam's ping-pong round trip.
    let one = Cap::Bounded(1);
    let s5 = need(Topology::PingPong, Imp::Handmade(Step::S5), one)?;
    let s2 = need(Topology::PingPong, Imp::Handmade(Step::S2), one)?;
    let cb_trip = need(Topology::PingPong, Imp::Crossbeam, one)?;
    let std_trip = need(Topology::PingPong, Imp::Std, one)?;
    anchor(
        &mut out,
        "pingpong",
        format!(
            "乒乓往返、bounded(1)：第 5 步每个来回 {} 纳秒，第 2 步（Mutex + Condvar）{} 纳秒，\
             crossbeam-channel {} 纳秒，std::sync::mpsc {} 纳秒。第 5 步的往返时间是 crossbeam \
             的 **{:.2} 倍**，{}（目标：不超过 2 倍）。",
            fmt_value(s5.ns),
            fmt_value(s2.ns),
            fmt_value(cb_trip.ns),
            fmt_value(std_trip.ns),
            s5.ns / cb_trip.ns,
            verdict(s5.ns <= 2.0 * cb_trip.ns)
        ),
    );

    // The mutex steps under contention.
    let s2_mpsc = need(Topology::Mpsc4, Imp::Handmade(Step::S2), big)?;
    let cb_mpsc = need(Topology::Mpsc4, Imp::Crossbeam, big)?;
    anchor(
        &mut out,
        "mpsc",
        format!(
            "MPSC 4→1、bounded(1024)：第 2 步 {}，crossbeam-channel {}（百万条/秒）：{}。",
            fmt_value(s2_mpsc.mps()),
            fmt_value(cb_mpsc.mps()),
            ratio_words(s2_mpsc.mps() / cb_mpsc.mps())
        ),
    );

    out.push_str(&table(results));
    Ok(out)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "**达到**目标"
    } else {
        "**没有达到**目标"
    }
}

fn ratio_words(r: f64) -> String {
    if r >= 1.0 {
        format!("第 2 步是 crossbeam 的 **{r:.1} 倍**")
    } else {
        format!("第 2 步只有 crossbeam 的 **{:.0}%**", 100.0 * r)
    }
}

/// One table: every chapter-11 row next to std and crossbeam, SPSC by capacity, then
/// MPSC and ping-pong.
fn table(results: &Results) -> String {
    let mut out = String::from("<!-- ANCHOR: table -->\n");
    let imps: Vec<Imp> = [Imp::Std, Imp::Crossbeam]
        .into_iter()
        .chain(Step::ALL.map(Imp::Handmade))
        .collect();
    let columns: Vec<(Topology, Cap)> = CAPS
        .iter()
        .map(|&cap| (Topology::Spsc, cap))
        .chain([
            (Topology::Mpsc4, Cap::Bounded(1024)),
            (Topology::Mpsc4, Cap::Unbounded),
            (Topology::PingPong, Cap::Bounded(1)),
        ])
        .collect();
    out.push_str("| 实现 |");
    for (topology, cap) in &columns {
        let name = match topology {
            Topology::Spsc => "SPSC",
            Topology::Mpsc4 => "MPSC 4→1",
            _ => "乒乓 ns",
        };
        let _ = write!(out, " {name} {} |", cap.label());
    }
    out.push_str("\n| --- |");
    out.push_str(&" ---: |".repeat(columns.len()));
    out.push('\n');
    for imp in imps {
        let _ = write!(out, "| {} |", imp.label().replace('<', "&lt;"));
        for &(topology, cap) in &columns {
            let cell = match results.get(topology, Msg::U64, imp, cap) {
                Some(m) => cell(m, topology),
                None => "—".to_owned(),
            };
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out.push_str(
        "\n单位：SPSC 与 MPSC 列是百万条消息/秒（越大越好），乒乓列是每个来回的纳秒数\
         （越小越好）；带 \\* 的数值 95% 置信区间宽于 ±10%；— 表示这个实现不做这种测量。\n",
    );
    out.push_str("<!-- ANCHOR_END: table -->\n");
    out
}

fn cell(m: &Measurement, topology: Topology) -> String {
    let value = if topology == Topology::PingPong {
        m.ns
    } else {
        m.mps()
    };
    let star = if m.noisy() { "\\*" } else { "" };
    format!("{}{star}", fmt_value(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_rows_and_the_comparisons_exist() {
        let specs = specs();
        for step in Step::ALL {
            assert!(
                specs.iter().any(|s| s.imp == Imp::Handmade(step)),
                "{step:?}"
            );
        }
        let all = crate::catalog::all_specs();
        for spec in &specs {
            assert!(all.contains(spec), "{spec} is not registered");
        }
        // The report's comparisons are measured by the core matrix.
        for (topology, imp, cap) in [
            (Topology::Spsc, Imp::Std, Cap::Bounded(1024)),
            (Topology::Spsc, Imp::Crossbeam, Cap::Bounded(1024)),
            (Topology::PingPong, Imp::Crossbeam, Cap::Bounded(1)),
            (Topology::PingPong, Imp::Std, Cap::Bounded(1)),
            (Topology::Mpsc4, Imp::Crossbeam, Cap::Bounded(1024)),
        ] {
            assert!(all.contains(&Spec::new(topology, Msg::U64, imp, cap)));
        }
    }

    #[test]
    fn the_report_has_every_anchor_and_judges_the_targets() {
        let mut results = Results::default();
        for spec in crate::catalog::all_specs() {
            // 手工实现的每一行都比 crossbeam 慢一倍；其余一律 10 纳秒。
            let ns = if matches!(spec.imp, Imp::Handmade(_)) {
                20.0
            } else {
                10.0
            };
            results.insert(Measurement {
                spec,
                ns,
                ns_low: ns * 0.99,
                ns_high: ns * 1.01,
                from_slope: true,
            });
        }
        let page = report(&results).unwrap();
        for anchor in ["ring_vs_std", "padding", "pingpong", "mpsc", "table"] {
            assert!(page.contains(&format!("ANCHOR: {anchor} ")), "{anchor}");
            assert!(page.contains(&format!("ANCHOR_END: {anchor} ")), "{anchor}");
        }
        // 环是 std 的 0.5 倍：没达到 1/1.5；乒乓是 crossbeam 的 2 倍：恰好达到。
        assert!(page.contains("**0.50 倍**，**没有达到**目标"), "{page}");
        assert!(page.contains("**2.00 倍**，**达到**目标"), "{page}");
        assert!(
            page.contains("| 第 11 章第 5 步：SPSC 环 + park |"),
            "{page}"
        );
    }
}
