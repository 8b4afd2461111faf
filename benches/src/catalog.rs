//! What the suite measures: every benchmark is a [`Spec`] — a topology, a message type, an
//! implementation and a capacity. The bench target registers [`all_specs`]; the report
//! generator reads the results back by the same keys and checks that none is missing.
//!
//! A benchmark's criterion id is `"{topology}/{message}"` (the group), the implementation key
//! (the function) and the capacity key (the parameter), e.g. `spsc/u64/crossbeam/1024`.

use std::collections::BTreeSet;
use std::fmt;

/// Who talks to whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topology {
    /// One thread sends a batch of [`SINGLE_THREAD_BATCH`] messages, then receives them all,
    /// and again: no other thread, so no cache line crosses cores and nobody is ever woken.
    /// The baseline cost of the queue operations themselves.
    SingleThread,
    /// One producer thread, one consumer thread.
    Spsc,
    /// Two producers, one consumer.
    Mpsc2,
    /// Four producers, one consumer.
    Mpsc4,
    /// Two producers, two consumers (each message to exactly one consumer).
    Mpmc2x2,
    /// One message in flight: A sends, B echoes it back, A waits for the echo. One iteration
    /// is one round trip, so this measures latency rather than throughput.
    PingPong,
}

impl Topology {
    /// The topologies of the core matrix. [`Topology::SingleThread`] is not one of them: it is
    /// a study of its own ([`single_thread_specs`]), with its own implementations and capacities.
    pub const CORE: [Topology; 5] = [
        Topology::Spsc,
        Topology::Mpsc2,
        Topology::Mpsc4,
        Topology::Mpmc2x2,
        Topology::PingPong,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Topology::SingleThread => "single",
            Topology::Spsc => "spsc",
            Topology::Mpsc2 => "mpsc2",
            Topology::Mpsc4 => "mpsc4",
            Topology::Mpmc2x2 => "mpmc2x2",
            Topology::PingPong => "pingpong",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Topology::SingleThread => "单线程（同一个线程先发一批，再全部收回）",
            Topology::Spsc => "SPSC（1 个生产者 → 1 个消费者）",
            Topology::Mpsc2 => "MPSC（2 个生产者 → 1 个消费者）",
            Topology::Mpsc4 => "MPSC（4 个生产者 → 1 个消费者）",
            Topology::Mpmc2x2 => "MPMC（2 个生产者 → 2 个消费者）",
            Topology::PingPong => "乒乓往返（一来一回）",
        }
    }

    /// Producer and consumer counts of the throughput topologies (for the single-thread
    /// baseline both roles are the same thread).
    pub fn producers_consumers(self) -> (usize, usize) {
        match self {
            Topology::SingleThread | Topology::Spsc | Topology::PingPong => (1, 1),
            Topology::Mpsc2 => (2, 1),
            Topology::Mpsc4 => (4, 1),
            Topology::Mpmc2x2 => (2, 2),
        }
    }
}

/// A channel's capacity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cap {
    Bounded(usize),
    Unbounded,
}

impl Cap {
    pub fn key(self) -> String {
        match self {
            Cap::Bounded(n) => n.to_string(),
            Cap::Unbounded => "unbounded".to_owned(),
        }
    }

    pub fn label(self) -> String {
        match self {
            Cap::Bounded(n) => format!("bounded({n})"),
            Cap::Unbounded => "unbounded".to_owned(),
        }
    }
}

/// The message types. Every message carries a sequence number the receiver adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Msg {
    /// 8 bytes.
    U64,
    /// `[u8; 128]`: copied into the channel's slot and out again.
    Bytes128,
    /// `[u8; 1024]`: the same, eight times bigger.
    Bytes1024,
    /// `Box<[u8; 1024]>`: only the pointer travels; the sender allocates, the receiver frees.
    Boxed1024,
}

impl Msg {
    pub const ALL: [Msg; 4] = [Msg::U64, Msg::Bytes128, Msg::Bytes1024, Msg::Boxed1024];

    pub fn key(self) -> &'static str {
        match self {
            Msg::U64 => "u64",
            Msg::Bytes128 => "bytes128",
            Msg::Bytes1024 => "bytes1024",
            Msg::Boxed1024 => "boxed1024",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Msg::U64 => "u64（8 字节）",
            Msg::Bytes128 => "[u8; 128]",
            Msg::Bytes1024 => "[u8; 1024]",
            Msg::Boxed1024 => "Box<[u8; 1024]>",
        }
    }
}

/// The async runtimes the async channels run on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Runtime {
    /// `tokio` `current_thread`: every task on one thread.
    CurrentThread,
    /// `tokio` `multi_thread` with 2 worker threads.
    MultiThread2,
}

impl Runtime {
    fn suffix(self) -> &'static str {
        match self {
            Runtime::CurrentThread => "ct",
            Runtime::MultiThread2 => "mt",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Runtime::CurrentThread => "current_thread",
            Runtime::MultiThread2 => "multi_thread×2",
        }
    }
}

/// The async channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AsyncKind {
    Tokio,
    Flume,
    AsyncChannel,
    Kanal,
}

impl AsyncKind {
    pub const ALL: [AsyncKind; 4] = [
        AsyncKind::Tokio,
        AsyncKind::Flume,
        AsyncKind::AsyncChannel,
        AsyncKind::Kanal,
    ];

    fn key(self) -> &'static str {
        match self {
            AsyncKind::Tokio => "tokio",
            AsyncKind::Flume => "flume-async",
            AsyncKind::AsyncChannel => "async-channel",
            AsyncKind::Kanal => "kanal-async",
        }
    }

    fn label(self) -> &'static str {
        match self {
            AsyncKind::Tokio => "tokio::sync::mpsc",
            AsyncKind::Flume => "flume（async）",
            AsyncKind::AsyncChannel => "async-channel",
            AsyncKind::Kanal => "kanal（async）",
        }
    }
}

/// An implementation: a channel, a floor, or one of the focused studies' contenders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Imp {
    /// `std::sync::mpsc`: `sync_channel(n)` when bounded, `channel()` when unbounded.
    Std,
    Crossbeam,
    Flume,
    Kanal,
    Async(AsyncKind, Runtime),
    /// Floor: the `rtrb` lock-free SPSC ring buffer, both sides spinning.
    Rtrb,
    /// Floor: two threads taking turns on one atomic word (ping-pong only).
    Atomic,
    /// Blocking floor: two threads taking turns, each parking until the other unparks it
    /// (`thread::park` / `Thread::unpark`): the OS's own wake-up round trip (ping-pong only).
    Park,
    /// Blocking floor: the same turns through one `Mutex<u64>` and a `Condvar` (ping-pong only).
    Condvar,
    /// `Mutex<VecDeque<T>>` with two `Condvar`s, written the obvious way.
    MutexDeque,
    /// Batching by hand: crossbeam-channel carrying `Vec<u64>`s of this many items.
    CrossbeamVec(usize),
    /// Exercise 19's `Batcher` with `max_items` = this, over crossbeam-channel.
    Batcher(usize),
    /// Chapter 11's hand-made channels (see `crate::handmade`).
    Handmade(crate::handmade::Step),
}

impl Imp {
    /// The implementations of the core matrix, in table order (floors last).
    pub fn core() -> Vec<Imp> {
        let mut all = vec![Imp::Std, Imp::Crossbeam, Imp::Flume, Imp::Kanal];
        for kind in AsyncKind::ALL {
            for runtime in [Runtime::CurrentThread, Runtime::MultiThread2] {
                all.push(Imp::Async(kind, runtime));
            }
        }
        all.extend([Imp::Rtrb, Imp::Atomic, Imp::Park, Imp::Condvar]);
        all
    }

    pub fn key(self) -> String {
        match self {
            Imp::Std => "std".into(),
            Imp::Crossbeam => "crossbeam".into(),
            Imp::Flume => "flume".into(),
            Imp::Kanal => "kanal".into(),
            Imp::Async(kind, runtime) => format!("{}-{}", kind.key(), runtime.suffix()),
            Imp::Rtrb => "rtrb".into(),
            Imp::Atomic => "atomic".into(),
            Imp::Park => "park".into(),
            Imp::Condvar => "condvar".into(),
            Imp::MutexDeque => "mutex-vecdeque".into(),
            Imp::CrossbeamVec(n) => format!("crossbeam-vec{n}"),
            Imp::Batcher(n) => format!("batcher{n}"),
            Imp::Handmade(step) => step.key().into(),
        }
    }

    pub fn label(self) -> String {
        match self {
            Imp::Std => "std::sync::mpsc".into(),
            Imp::Crossbeam => "crossbeam-channel".into(),
            Imp::Flume => "flume".into(),
            Imp::Kanal => "kanal".into(),
            Imp::Async(kind, runtime) => format!("{}（{}）", kind.label(), runtime.label()),
            Imp::Rtrb => "下限：rtrb 环形缓冲区".into(),
            Imp::Atomic => "下限：原子变量乒乓".into(),
            Imp::Park => "阻塞下限：park/unpark 乒乓".into(),
            Imp::Condvar => "阻塞下限：Mutex + Condvar 乒乓".into(),
            Imp::MutexDeque => "Mutex<VecDeque> + Condvar".into(),
            Imp::CrossbeamVec(n) => format!("手工批处理：Vec<u64> × {n}"),
            Imp::Batcher(n) => format!("练习 19 的 Batcher（max_items = {n}）"),
            Imp::Handmade(step) => step.label().into(),
        }
    }

    /// A blocking channel used between two OS threads. Only these are compared with the
    /// floors: an async channel on a current_thread runtime never moves data between cores,
    /// so the floors do not bound it.
    pub fn between_threads(self) -> bool {
        matches!(self, Imp::Std | Imp::Crossbeam | Imp::Flume | Imp::Kanal)
    }

    /// A floor is not a channel: it spins and shows the hardware's limit, or (the blocking
    /// floors) it sleeps and shows the operating system's.
    pub fn is_floor(self) -> bool {
        matches!(self, Imp::Rtrb | Imp::Atomic | Imp::Park | Imp::Condvar)
    }

    /// A floor whose waiting thread sleeps in the kernel instead of spinning.
    pub fn is_blocking_floor(self) -> bool {
        matches!(self, Imp::Park | Imp::Condvar)
    }

    /// A combination the suite leaves out because it hangs: the reason, for the tables.
    ///
    /// flume 0.11's async receive loses a wake-up when two async receivers race on a
    /// multi-threaded runtime (see `lost_wakeup` and `cargo run --release -p channel_benches
    /// --bin flume_lost_wakeup`): within a few hundred rounds of this suite one round of the
    /// 2×2 `bounded(1)` benchmark never ends, so the suite measures everything else and reports
    /// this cell as hung instead of waiting forever.
    pub fn known_hang(self, topology: Topology, cap: Cap) -> Option<&'static str> {
        match (self, topology, cap) {
            (Imp::Async(AsyncKind::Flume, Runtime::MultiThread2), Topology::Mpmc2x2, Cap::Bounded(1)) => Some(
                "flume 0.11 的 async 接收有一个丢失唤醒的竞争：一个被唤醒的接收任务发现消息已被另一个\
                 消费者取走，放开锁、再加锁放回自己的钩子，其间到达的 `send` 看不到等待者，消息进了队列\
                 却没有叫醒任何人。它需要至少两个异步消费者和多线程运行时，本套件跑几百轮就会碰上一次，\
                 所以这一格不测。原因和复现程序（`cargo run --release -p channel_benches --bin \
                 flume_lost_wakeup`）见“基准测试的陷阱”一页",
            ),
            _ => None,
        }
    }

    /// Whether this implementation can run `topology` with capacity `cap` at all.
    pub fn supports(self, topology: Topology, cap: Cap) -> bool {
        if self.known_hang(topology, cap).is_some() {
            return false;
        }
        if topology == Topology::SingleThread {
            // A whole batch must fit: one thread that blocks on a full channel waits forever.
            let fits = match cap {
                Cap::Bounded(n) => n >= SINGLE_THREAD_BATCH,
                Cap::Unbounded => true,
            };
            return fits
                && match self {
                    Imp::Std | Imp::Crossbeam | Imp::Flume | Imp::Kanal | Imp::MutexDeque => true,
                    // One task on one thread; a multi-threaded runtime would add nothing.
                    Imp::Async(_, runtime) => runtime == Runtime::CurrentThread,
                    _ => false,
                };
        }
        let multi_consumer = topology == Topology::Mpmc2x2;
        match self {
            Imp::Std => !multi_consumer,
            Imp::Crossbeam | Imp::Flume | Imp::Kanal => true,
            // tokio's mpsc has one receiver and no rendezvous (capacity 0 panics).
            Imp::Async(AsyncKind::Tokio, _) => !multi_consumer && cap != Cap::Bounded(0),
            Imp::Async(AsyncKind::AsyncChannel, _) => cap != Cap::Bounded(0),
            Imp::Async(_, _) => true,
            Imp::Rtrb => {
                matches!(topology, Topology::Spsc | Topology::PingPong)
                    && matches!(cap, Cap::Bounded(n) if n > 0)
            }
            // One atomic word is a one-slot mailbox.
            Imp::Atomic | Imp::Park | Imp::Condvar => {
                topology == Topology::PingPong && cap == Cap::Bounded(1)
            }
            Imp::MutexDeque => topology != Topology::PingPong && cap != Cap::Bounded(0),
            Imp::Handmade(step) => step.supports(topology, cap),
            Imp::CrossbeamVec(_) | Imp::Batcher(_) => {
                topology == Topology::Spsc && cap == Cap::Unbounded
            }
        }
    }
}

/// One benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spec {
    pub topology: Topology,
    pub msg: Msg,
    pub imp: Imp,
    pub cap: Cap,
}

impl Spec {
    pub fn new(topology: Topology, msg: Msg, imp: Imp, cap: Cap) -> Spec {
        Spec {
            topology,
            msg,
            imp,
            cap,
        }
    }

    /// The criterion group: `"{topology}/{message}"`.
    pub fn group(&self) -> String {
        format!("{}/{}", self.topology.key(), self.msg.key())
    }
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.group(), self.imp.key(), self.cap.key())
    }
}

/// The three capacities of the core matrix.
pub const CORE_CAPS: [Cap; 3] = [Cap::Bounded(1), Cap::Bounded(1024), Cap::Unbounded];

/// The capacity sweep.
pub const SWEEP_CAPS: [Cap; 8] = [
    Cap::Bounded(0),
    Cap::Bounded(1),
    Cap::Bounded(4),
    Cap::Bounded(16),
    Cap::Bounded(64),
    Cap::Bounded(256),
    Cap::Bounded(1024),
    Cap::Unbounded,
];

/// The implementations in the capacity sweep.
pub const SWEEP_IMPS: [Imp; 5] = [
    Imp::Std,
    Imp::Crossbeam,
    Imp::Flume,
    Imp::Kanal,
    Imp::Async(AsyncKind::Tokio, Runtime::MultiThread2),
];

/// The implementations in the message-size study (SPSC, bounded(1024)).
pub const SIZE_IMPS: [Imp; 5] = [Imp::Std, Imp::Crossbeam, Imp::Flume, Imp::Kanal, Imp::Rtrb];

/// The capacity of the message-size study.
pub const SIZE_CAP: Cap = Cap::Bounded(1024);

/// The batching study: per-item sends against `Vec` batches (SPSC, `u64`, unbounded).
pub const BATCH_SIZES: [usize; 4] = [16, 64, 256, 1024];

/// The `max_items` values exercise 19's `Batcher` is measured with.
pub const BATCHER_SIZES: [usize; 2] = [64, 256];

/// The batch size of the headline batching speedup.
pub const HEADLINE_BATCHER: usize = 64;

/// The topologies of the channel-versus-`Mutex<VecDeque>` study.
pub const MUTEX_TOPOLOGIES: [Topology; 3] = [Topology::Spsc, Topology::Mpsc4, Topology::Mpmc2x2];

/// The single-thread baseline: how many messages one thread sends before it receives them
/// all. Every bounded capacity it runs with must hold a whole batch (see [`Imp::supports`]).
pub const SINGLE_THREAD_BATCH: usize = 256;

/// The implementations of the single-thread baseline, in table order.
pub const SINGLE_THREAD_IMPS: [Imp; 9] = [
    Imp::Std,
    Imp::Crossbeam,
    Imp::Flume,
    Imp::Kanal,
    Imp::MutexDeque,
    Imp::Async(AsyncKind::Tokio, Runtime::CurrentThread),
    Imp::Async(AsyncKind::Flume, Runtime::CurrentThread),
    Imp::Async(AsyncKind::AsyncChannel, Runtime::CurrentThread),
    Imp::Async(AsyncKind::Kanal, Runtime::CurrentThread),
];

/// The capacities of the single-thread baseline; the SPSC runs it is compared with have the
/// same ones.
pub const SINGLE_THREAD_CAPS: [Cap; 2] = [Cap::Bounded(1024), Cap::Unbounded];

/// The core matrix: every implementation × topology × core capacity it supports, `u64`.
pub fn core_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for imp in Imp::core() {
        for topology in Topology::CORE {
            for cap in CORE_CAPS {
                if imp.supports(topology, cap) {
                    specs.push(Spec::new(topology, Msg::U64, imp, cap));
                }
            }
        }
    }
    specs
}

pub fn capacity_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for imp in SWEEP_IMPS {
        for cap in SWEEP_CAPS {
            if imp.supports(Topology::Spsc, cap) {
                specs.push(Spec::new(Topology::Spsc, Msg::U64, imp, cap));
            }
        }
    }
    specs
}

pub fn size_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for imp in SIZE_IMPS {
        for msg in Msg::ALL {
            specs.push(Spec::new(Topology::Spsc, msg, imp, SIZE_CAP));
        }
    }
    specs
}

/// The batching study; its per-item baseline is crossbeam-channel's core SPSC unbounded run.
pub fn batching_specs() -> Vec<Spec> {
    let spec = |imp| Spec::new(Topology::Spsc, Msg::U64, imp, Cap::Unbounded);
    let mut specs = vec![spec(Imp::Crossbeam)];
    specs.extend(BATCH_SIZES.map(|n| spec(Imp::CrossbeamVec(n))));
    specs.extend(BATCHER_SIZES.map(|n| spec(Imp::Batcher(n))));
    specs
}

/// The `Mutex<VecDeque>` study; the channels it is compared with come from the core matrix.
pub fn mutex_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for topology in MUTEX_TOPOLOGIES {
        for cap in CORE_CAPS {
            specs.push(Spec::new(topology, Msg::U64, Imp::MutexDeque, cap));
        }
    }
    specs
}

/// The single-thread baseline; the SPSC runs it is compared with come from the core matrix
/// and the `Mutex<VecDeque>` study.
pub fn single_thread_specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for imp in SINGLE_THREAD_IMPS {
        for cap in SINGLE_THREAD_CAPS {
            specs.push(Spec::new(Topology::SingleThread, Msg::U64, imp, cap));
        }
    }
    specs
}

/// Every benchmark of the suite, each once, in a stable order.
pub fn all_specs() -> Vec<Spec> {
    let mut seen = BTreeSet::new();
    let mut specs = Vec::new();
    let lists = [
        core_specs(),
        single_thread_specs(),
        capacity_specs(),
        size_specs(),
        batching_specs(),
        mutex_specs(),
        crate::handmade::specs(),
    ];
    for spec in lists.into_iter().flatten() {
        if seen.insert(spec) {
            specs.push(spec);
        }
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_is_supported_and_has_a_unique_id() {
        let specs = all_specs();
        let ids: BTreeSet<String> = specs.iter().map(Spec::to_string).collect();
        assert_eq!(ids.len(), specs.len(), "two benchmarks share an id");
        for spec in &specs {
            assert!(spec.imp.supports(spec.topology, spec.cap), "{spec}");
        }
    }

    #[test]
    fn the_core_matrix_covers_every_implementation_and_topology() {
        let core = core_specs();
        for imp in Imp::core() {
            assert!(core.iter().any(|s| s.imp == imp), "{imp:?} is missing");
        }
        for topology in Topology::CORE {
            assert!(core.iter().any(|s| s.topology == topology));
        }
        // MPSC 2→1 has exactly the implementations and capacities of MPSC 4→1.
        let cells = |t| {
            core.iter()
                .filter(|s| s.topology == t)
                .map(|s| (s.imp, s.cap))
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(cells(Topology::Mpsc2), cells(Topology::Mpsc4));
    }

    #[test]
    fn the_single_thread_baseline_has_its_spsc_counterparts() {
        let all: BTreeSet<Spec> = all_specs().into_iter().collect();
        for spec in single_thread_specs() {
            assert!(spec.imp.supports(spec.topology, spec.cap), "{spec}");
            if let Cap::Bounded(n) = spec.cap {
                assert!(n >= SINGLE_THREAD_BATCH, "{spec}: a batch must fit");
            }
            let spsc = Spec::new(Topology::Spsc, spec.msg, spec.imp, spec.cap);
            assert!(all.contains(&spsc), "{spsc} is not measured");
        }
        assert!(!Imp::Crossbeam.supports(Topology::SingleThread, Cap::Bounded(1)));
        assert!(!Imp::Rtrb.supports(Topology::SingleThread, Cap::Bounded(1024)));
    }
}
