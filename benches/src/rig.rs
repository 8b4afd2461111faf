//! The timed rounds.
//!
//! A benchmark's threads (or tasks) are spawned once, when the benchmark starts, and live
//! until it ends. For each of criterion's samples the coordinator hands every participant an
//! order ("this round has `n` iterations"); the participants meet at a barrier, each notes
//! the time it was released, and does its part. A round's time runs from the **earliest
//! release** to the **last receive**, so neither thread start-up nor the coordinator's own
//! wake-ups are inside it. The receivers count the messages and add up their sequence
//! numbers; a round whose tally is not exactly `0..n` panics, failing the benchmark.
//!
//! One iteration is one message delivered (one round trip for ping-pong), so criterion's
//! time per iteration is the cost per message and its linear-regression slope removes the
//! fixed cost of a round (the barrier, the stop markers).

use std::hint::black_box;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam::utils::{Backoff, CachePadded};

use crate::async_flavors::{AsyncChannel, AsyncFlavor, FlumeAsync, KanalAsync, Tokio};
use crate::catalog::{AsyncKind, Imp, Msg, Runtime, Spec, Topology, SINGLE_THREAD_BATCH};
use crate::flavors::{Crossbeam, Flavor, Flume, Kanal, MutexDeque, Rtrb, Std};
use crate::message::{Message, Tally, STOP};

/// How long the coordinator waits for a participant's report before declaring the round hung.
const REPORT_LIMIT: Duration = Duration::from_secs(60);

/// A benchmark ready to run rounds.
pub trait Round {
    /// Runs one round of `n` iterations and returns its time, from the earliest release of a
    /// participant to the last receive. Panics if any message was lost, duplicated or corrupted.
    fn round(&mut self, n: u64) -> Duration;
}

/// Builds the participants of `spec` (spawning its threads or tasks) without running a round.
pub fn build(spec: Spec) -> Box<dyn Round> {
    match spec.imp {
        Imp::Std => sync_flavor::<Std>(spec),
        Imp::Crossbeam => sync_flavor::<Crossbeam>(spec),
        Imp::Flume => sync_flavor::<Flume>(spec),
        Imp::Kanal => sync_flavor::<Kanal>(spec),
        Imp::Rtrb => sync_flavor::<Rtrb>(spec),
        Imp::MutexDeque => sync_flavor::<MutexDeque>(spec),
        Imp::Async(AsyncKind::Tokio, runtime) => async_flavor::<Tokio>(spec, runtime),
        Imp::Async(AsyncKind::Flume, runtime) => async_flavor::<FlumeAsync>(spec, runtime),
        Imp::Async(AsyncKind::AsyncChannel, runtime) => async_flavor::<AsyncChannel>(spec, runtime),
        Imp::Async(AsyncKind::Kanal, runtime) => async_flavor::<KanalAsync>(spec, runtime),
        Imp::Atomic => Box::new(atomic_ping_pong(spec)),
        Imp::Park => Box::new(park_ping_pong(spec)),
        Imp::Condvar => Box::new(condvar_ping_pong(spec)),
        Imp::CrossbeamVec(size) => Box::new(vec_batches(spec, size)),
        Imp::Batcher(size) => Box::new(exercise_19_batcher(spec, size)),
        Imp::Handmade(step) => crate::handmade::build(step, spec),
    }
}

pub(crate) fn sync_flavor<F: Flavor>(spec: Spec) -> Box<dyn Round> {
    fn with<F: Flavor, M: Message>(spec: Spec) -> Box<dyn Round> {
        Box::new(match spec.topology {
            Topology::PingPong => thread_ping_pong::<F, M>(spec),
            Topology::SingleThread => thread_single::<F, M>(spec),
            _ => thread_stream::<F, M>(spec),
        })
    }
    match spec.msg {
        Msg::U64 => with::<F, u64>(spec),
        Msg::Bytes128 => with::<F, [u8; 128]>(spec),
        Msg::Bytes1024 => with::<F, [u8; 1024]>(spec),
        Msg::Boxed1024 => with::<F, Box<[u8; 1024]>>(spec),
    }
}

fn async_flavor<F: AsyncFlavor>(spec: Spec, runtime: Runtime) -> Box<dyn Round> {
    assert_eq!(spec.msg, Msg::U64, "{spec}: the async benchmarks send u64");
    Box::new(match spec.topology {
        Topology::PingPong => task_ping_pong::<F>(spec, runtime),
        Topology::SingleThread => task_single::<F>(spec, runtime),
        _ => task_stream::<F>(spec, runtime),
    })
}

/// Producer `k` of `producers` sends this share of the sequence numbers `0..n`.
fn share(n: u64, k: usize, producers: usize) -> Range<u64> {
    let (k, producers) = (k as u64, producers as u64);
    n * k / producers..n * (k + 1) / producers
}

/// Counts the producers that finished a round; the last one sends the stop markers.
#[derive(Debug)]
struct Countdown {
    left: AtomicUsize,
    total: usize,
}

impl Countdown {
    fn new(total: usize) -> Arc<Countdown> {
        Arc::new(Countdown {
            left: AtomicUsize::new(total),
            total,
        })
    }

    /// True for the last producer of the round, which also re-arms the countdown. (The next
    /// round starts only after every participant has reported, so the reset cannot race.)
    fn arrive(&self) -> bool {
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.left.store(self.total, Ordering::Relaxed);
            true
        } else {
            false
        }
    }
}

/// What one participant did in a round.
#[derive(Debug)]
struct Report {
    released: Instant,
    /// When it received its last message; `None` for participants that only send.
    last_receive: Option<Instant>,
    tally: Tally,
}

/// Checks a round's reports and returns its time.
fn settle(spec: Spec, n: u64, reports: &[Report]) -> Duration {
    let start = reports
        .iter()
        .map(|r| r.released)
        .min()
        .expect("no reports");
    let end = reports
        .iter()
        .filter_map(|r| r.last_receive)
        .max()
        .expect("no receiver reported");
    let tally = reports
        .iter()
        .filter(|r| r.last_receive.is_some())
        .fold(Tally::default(), |sum, r| sum.merge(r.tally));
    let expected = Tally::expected(n);
    assert_eq!(
        tally, expected,
        "{spec}: the receivers did not get exactly the messages 0..{n} \
         (count and checksum differ): a message was lost, duplicated or corrupted"
    );
    end.saturating_duration_since(start)
}

// ---------------------------------------------------------------------------------------------
// Threads

type Body = Box<dyn FnMut(u64) -> (Option<Instant>, Tally) + Send>;

/// Participants on threads of their own.
struct ThreadRig {
    spec: Spec,
    orders: Vec<mpsc::Sender<u64>>,
    reports: mpsc::Receiver<Report>,
    threads: Vec<JoinHandle<()>>,
}

impl ThreadRig {
    fn new(spec: Spec, bodies: Vec<Body>) -> ThreadRig {
        let barrier = Arc::new(Barrier::new(bodies.len()));
        let (report_tx, reports) = mpsc::channel();
        let mut orders = Vec::new();
        let mut threads = Vec::new();
        for mut body in bodies {
            let (order_tx, order_rx) = mpsc::channel::<u64>();
            orders.push(order_tx);
            let barrier = Arc::clone(&barrier);
            let report_tx = report_tx.clone();
            threads.push(thread::spawn(move || {
                // The rig drops its order senders when the benchmark is over: the loop ends.
                for n in order_rx {
                    barrier.wait();
                    let released = Instant::now();
                    let (last_receive, tally) = body(n);
                    let report = Report {
                        released,
                        last_receive,
                        tally,
                    };
                    if report_tx.send(report).is_err() {
                        return; // the coordinator is gone (it panicked): nothing left to do
                    }
                }
            }));
        }
        ThreadRig {
            spec,
            orders,
            reports,
            threads,
        }
    }
}

impl Round for ThreadRig {
    fn round(&mut self, n: u64) -> Duration {
        for order in &self.orders {
            order.send(n).expect("a benchmark thread died");
        }
        let reports: Vec<Report> = (0..self.orders.len())
            .map(|_| {
                self.reports.recv_timeout(REPORT_LIMIT).unwrap_or_else(|_| {
                    panic!("{}: a participant did not finish its round", self.spec)
                })
            })
            .collect();
        settle(self.spec, n, &reports)
    }
}

impl Drop for ThreadRig {
    fn drop(&mut self) {
        self.orders.clear();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// SPSC, MPSC and MPMC on threads.
fn thread_stream<F: Flavor, M: Message>(spec: Spec) -> ThreadRig {
    let (producers, consumers) = spec.topology.producers_consumers();
    let (tx, rx) = F::channel::<M>(spec.cap);
    let countdown = Countdown::new(producers);
    let mut bodies: Vec<Body> = Vec::new();
    let mut txs: Vec<F::Tx<M>> = (1..producers).map(|_| F::clone_tx(&tx)).collect();
    txs.push(tx);
    for (k, mut tx) in txs.into_iter().enumerate() {
        let countdown = Arc::clone(&countdown);
        bodies.push(Box::new(move |n| {
            for seq in share(n, k, producers) {
                F::send(&mut tx, M::make(seq));
            }
            if countdown.arrive() {
                for _ in 0..consumers {
                    F::send(&mut tx, M::make(STOP));
                }
            }
            (None, Tally::default())
        }));
    }
    let mut rxs: Vec<F::Rx<M>> = (1..consumers).map(|_| F::clone_rx(&rx)).collect();
    rxs.push(rx);
    for mut rx in rxs {
        bodies.push(Box::new(move |_| {
            let mut tally = Tally::default();
            loop {
                let msg = F::recv(&mut rx);
                let seq = black_box(&msg).seq();
                if seq == STOP {
                    return (Some(Instant::now()), tally);
                }
                tally.add(seq);
            }
        }));
    }
    ThreadRig::new(spec, bodies)
}

/// The sequence numbers `0..n` in consecutive batches of at most [`SINGLE_THREAD_BATCH`].
fn batches(n: u64) -> impl Iterator<Item = Range<u64>> {
    let size = SINGLE_THREAD_BATCH as u64;
    (0..n.div_ceil(size)).map(move |b| b * size..n.min((b + 1) * size))
}

/// The single-thread baseline: one thread sends a batch, then receives it, until `n` messages
/// went through. The channel never blocks (a batch fits), so nothing is ever woken.
fn thread_single<F: Flavor, M: Message>(spec: Spec) -> ThreadRig {
    let (mut tx, mut rx) = F::channel::<M>(spec.cap);
    let body: Body = Box::new(move |n| {
        let mut tally = Tally::default();
        for batch in batches(n) {
            for seq in batch.clone() {
                F::send(&mut tx, M::make(seq));
            }
            for _ in batch {
                let msg = F::recv(&mut rx);
                tally.add(black_box(&msg).seq());
            }
        }
        (Some(Instant::now()), tally)
    });
    ThreadRig::new(spec, vec![body])
}

/// Ping-pong on threads: two channels, one message in flight.
fn thread_ping_pong<F: Flavor, M: Message>(spec: Spec) -> ThreadRig {
    let (mut ping_tx, mut ping_rx) = F::channel::<M>(spec.cap);
    let (mut pong_tx, mut pong_rx) = F::channel::<M>(spec.cap);
    let pinger: Body = Box::new(move |n| {
        let mut tally = Tally::default();
        for seq in 0..n {
            F::send(&mut ping_tx, M::make(seq));
            let echo = F::recv(&mut pong_rx);
            tally.add(black_box(&echo).seq());
        }
        (Some(Instant::now()), tally)
    });
    let ponger: Body = Box::new(move |n| {
        for _ in 0..n {
            let msg = F::recv(&mut ping_rx);
            F::send(&mut pong_tx, msg);
        }
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![pinger, ponger])
}

/// Floor: two threads taking turns on one atomic word (in a cache line of its own). The
/// pinger writes `2·seq + 1`, the ponger answers `2·seq + 2`; both spin, then yield.
fn atomic_ping_pong(spec: Spec) -> ThreadRig {
    let turn = Arc::new(CachePadded::new(AtomicU64::new(0)));
    let wait_for = |turn: &AtomicU64, value: u64| {
        let backoff = Backoff::new();
        while turn.load(Ordering::Acquire) != value {
            backoff.snooze();
        }
    };
    let pinger: Body = Box::new({
        let turn = Arc::clone(&turn);
        move |n| {
            let mut tally = Tally::default();
            for seq in 0..n {
                turn.store(2 * seq + 1, Ordering::Release);
                wait_for(&turn, 2 * seq + 2);
                tally.add(seq);
            }
            (Some(Instant::now()), tally)
        }
    });
    let ponger: Body = Box::new(move |n| {
        for seq in 0..n {
            wait_for(&turn, 2 * seq + 1);
            turn.store(2 * seq + 2, Ordering::Release);
        }
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![pinger, ponger])
}

/// Blocking floor: the same turns as [`atomic_ping_pong`], but a thread whose turn has not
/// come parks at once (no spinning) and the other unparks it after its store. One iteration
/// is two wake-ups: the operating system's round trip, which every channel that parks pays.
fn park_ping_pong(spec: Spec) -> ThreadRig {
    use std::sync::OnceLock;
    let turn = Arc::new(CachePadded::new(AtomicU64::new(0)));
    let (pinger_thread, ponger_thread) = (
        Arc::new(OnceLock::<thread::Thread>::new()),
        Arc::new(OnceLock::<thread::Thread>::new()),
    );
    // Each side registers its own handle and, on its first round, waits for the other's.
    let meet = |me: &OnceLock<thread::Thread>, peer: &OnceLock<thread::Thread>| {
        let _ = me.set(thread::current());
        loop {
            if let Some(peer) = peer.get() {
                return peer.clone();
            }
            thread::yield_now();
        }
    };
    let wait_for = |turn: &AtomicU64, value: u64| {
        // `park` may return spuriously: the loop re-checks the turn.
        while turn.load(Ordering::Acquire) != value {
            thread::park();
        }
    };
    let pinger: Body = Box::new({
        let (turn, me, peer) = (
            Arc::clone(&turn),
            Arc::clone(&pinger_thread),
            Arc::clone(&ponger_thread),
        );
        move |n| {
            let ponger = meet(&me, &peer);
            let mut tally = Tally::default();
            for seq in 0..n {
                turn.store(2 * seq + 1, Ordering::Release);
                ponger.unpark();
                wait_for(&turn, 2 * seq + 2);
                tally.add(seq);
            }
            (Some(Instant::now()), tally)
        }
    });
    let ponger: Body = Box::new(move |n| {
        let pinger = meet(&ponger_thread, &pinger_thread);
        for seq in 0..n {
            wait_for(&turn, 2 * seq + 1);
            turn.store(2 * seq + 2, Ordering::Release);
            pinger.unpark();
        }
        // The next round starts from 0 again; the pinger waits for `2n`, which it has seen.
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![pinger, ponger])
}

/// Blocking floor: the turns through a `Mutex<u64>` and one `Condvar`. At most one side
/// waits at a time (the other is the one that notifies), so `notify_one` wakes the right one.
fn condvar_ping_pong(spec: Spec) -> ThreadRig {
    use std::sync::{Condvar, Mutex};
    let shared = Arc::new((Mutex::new(0u64), Condvar::new()));
    let take_turn = |shared: &(Mutex<u64>, Condvar), wait_for: u64, then: u64| {
        let (turn, changed) = shared;
        let mut turn = changed
            .wait_while(turn.lock().unwrap(), |t| *t != wait_for)
            .unwrap();
        *turn = then;
        drop(turn);
        changed.notify_one();
    };
    let pinger: Body = Box::new({
        let shared = Arc::clone(&shared);
        move |n| {
            let mut tally = Tally::default();
            for seq in 0..n {
                // Round boundaries: the ponger left `2·seq` (0 at the start of every round).
                take_turn(&shared, 2 * seq, 2 * seq + 1);
                tally.add(seq);
            }
            // Wait for the last echo, then reset for the next round.
            take_turn(&shared, 2 * n, 0);
            (Some(Instant::now()), tally)
        }
    });
    let ponger: Body = Box::new(move |n| {
        for seq in 0..n {
            take_turn(&shared, 2 * seq + 1, 2 * seq + 2);
        }
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![pinger, ponger])
}

/// Batching by hand: `Vec<u64>`s of `size` items over crossbeam-channel; an empty `Vec`
/// is the stop marker.
fn vec_batches(spec: Spec, size: usize) -> ThreadRig {
    let (tx, rx) = crossbeam_channel::unbounded::<Vec<u64>>();
    let producer: Body = Box::new(move |n| {
        let mut next = 0;
        while next < n {
            let end = n.min(next + size as u64);
            let mut batch = Vec::with_capacity(size);
            batch.extend(next..end);
            tx.send(batch)
                .expect("the consumer lives as long as the rig");
            next = end;
        }
        tx.send(Vec::new())
            .expect("the consumer lives as long as the rig");
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![producer, batch_consumer(rx)])
}

/// Exercise 19's reference `Batcher`, pushing one `u64` at a time; dropping it at the end of
/// the round flushes the last, partial batch.
fn exercise_19_batcher(spec: Spec, size: usize) -> ThreadRig {
    let (tx, rx) = crossbeam_channel::unbounded::<Vec<u64>>();
    let producer: Body = Box::new(move |n| {
        let mut batcher = solution_19::Batcher::new(tx.clone(), size, Duration::from_secs(3600));
        for seq in 0..n {
            batcher
                .push(seq)
                .expect("the consumer lives as long as the rig");
        }
        drop(batcher);
        tx.send(Vec::new())
            .expect("the consumer lives as long as the rig");
        (None, Tally::default())
    });
    ThreadRig::new(spec, vec![producer, batch_consumer(rx)])
}

fn batch_consumer(rx: crossbeam_channel::Receiver<Vec<u64>>) -> Body {
    Box::new(move |_| {
        let mut tally = Tally::default();
        for batch in &rx {
            if batch.is_empty() {
                return (Some(Instant::now()), tally);
            }
            for &seq in black_box(&batch) {
                tally.add(seq);
            }
        }
        unreachable!("the producer lives as long as the rig")
    })
}

// ---------------------------------------------------------------------------------------------
// Tasks

/// Participants as tasks on a tokio runtime of their own.
struct TaskRig {
    spec: Spec,
    orders: Vec<tokio::sync::mpsc::UnboundedSender<u64>>,
    reports: tokio::sync::mpsc::UnboundedReceiver<Report>,
    // Dropped last: it cancels whatever tasks are left.
    runtime: tokio::runtime::Runtime,
}

impl Round for TaskRig {
    fn round(&mut self, n: u64) -> Duration {
        let (orders, reports) = (&self.orders, &mut self.reports);
        let spec = self.spec;
        let reports: Vec<Report> = self.runtime.block_on(async move {
            for order in orders {
                order.send(n).expect("a benchmark task died");
            }
            let mut all = Vec::new();
            for _ in 0..orders.len() {
                let report = tokio::time::timeout(REPORT_LIMIT, reports.recv()).await;
                match report {
                    Ok(Some(report)) => all.push(report),
                    _ => panic!("{spec}: a participant did not finish its round"),
                }
            }
            all
        });
        settle(self.spec, n, &reports)
    }
}

impl Drop for TaskRig {
    fn drop(&mut self) {
        self.orders.clear();
    }
}

fn runtime(kind: Runtime) -> tokio::runtime::Runtime {
    let mut builder = match kind {
        Runtime::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        Runtime::MultiThread2 => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(2);
            builder
        }
    };
    builder
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime")
}

/// Spawns one task per participant around `body`, which runs once per round.
struct TaskSpawner {
    runtime: tokio::runtime::Runtime,
    barrier: Arc<tokio::sync::Barrier>,
    orders: Vec<tokio::sync::mpsc::UnboundedSender<u64>>,
    report_tx: tokio::sync::mpsc::UnboundedSender<Report>,
    reports: tokio::sync::mpsc::UnboundedReceiver<Report>,
}

impl TaskSpawner {
    fn new(kind: Runtime, participants: usize) -> TaskSpawner {
        let (report_tx, reports) = tokio::sync::mpsc::unbounded_channel();
        TaskSpawner {
            runtime: runtime(kind),
            barrier: Arc::new(tokio::sync::Barrier::new(participants)),
            orders: Vec::new(),
            report_tx,
            reports,
        }
    }

    /// `body` gets the round's `n` and returns the participant's last receive and tally.
    fn spawn<S, B>(&mut self, mut state: S, body: B)
    where
        S: Send + 'static,
        B: for<'a> Fn(&'a mut S, u64) -> futures_lite::BoxFuture<'a> + Send + 'static,
    {
        let (order_tx, mut order_rx) = tokio::sync::mpsc::unbounded_channel::<u64>();
        self.orders.push(order_tx);
        let barrier = Arc::clone(&self.barrier);
        let report_tx = self.report_tx.clone();
        self.runtime.spawn(async move {
            while let Some(n) = order_rx.recv().await {
                barrier.wait().await;
                let released = Instant::now();
                let (last_receive, tally) = body(&mut state, n).await;
                let report = Report {
                    released,
                    last_receive,
                    tally,
                };
                if report_tx.send(report).is_err() {
                    return;
                }
            }
        });
    }

    fn finish(self, spec: Spec) -> TaskRig {
        TaskRig {
            spec,
            orders: self.orders,
            reports: self.reports,
            runtime: self.runtime,
        }
    }
}

/// Boxed futures without pulling in the `futures` crate.
mod futures_lite {
    use std::future::Future;
    use std::pin::Pin;
    use std::time::Instant;

    use crate::message::Tally;

    pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = (Option<Instant>, Tally)> + Send + 'a>>;
}

/// SPSC, MPSC and MPMC as tasks.
fn task_stream<F: AsyncFlavor>(spec: Spec, kind: Runtime) -> TaskRig {
    let (producers, consumers) = spec.topology.producers_consumers();
    let mut spawner = TaskSpawner::new(kind, producers + consumers);
    let (tx, rx) = F::channel::<u64>(spec.cap);
    let countdown = Countdown::new(producers);
    let mut txs: Vec<F::Tx<u64>> = (1..producers).map(|_| F::clone_tx(&tx)).collect();
    txs.push(tx);
    for (k, tx) in txs.into_iter().enumerate() {
        let countdown = Arc::clone(&countdown);
        spawner.spawn(tx, move |tx, n| {
            let countdown = Arc::clone(&countdown);
            Box::pin(async move {
                for seq in share(n, k, producers) {
                    F::send(tx, seq).await;
                }
                if countdown.arrive() {
                    for _ in 0..consumers {
                        F::send(tx, STOP).await;
                    }
                }
                (None, Tally::default())
            })
        });
    }
    let mut rxs: Vec<F::Rx<u64>> = (1..consumers).map(|_| F::clone_rx(&rx)).collect();
    rxs.push(rx);
    for rx in rxs {
        spawner.spawn(rx, |rx, _| {
            Box::pin(async move {
                let mut tally = Tally::default();
                loop {
                    let seq = black_box(F::recv(rx).await);
                    if seq == STOP {
                        return (Some(Instant::now()), tally);
                    }
                    tally.add(seq);
                }
            })
        });
    }
    spawner.finish(spec)
}

/// The single-thread baseline as one task (on a current_thread runtime: one thread).
fn task_single<F: AsyncFlavor>(spec: Spec, kind: Runtime) -> TaskRig {
    let mut spawner = TaskSpawner::new(kind, 1);
    let (tx, rx) = F::channel::<u64>(spec.cap);
    spawner.spawn((tx, rx), |(tx, rx), n| {
        Box::pin(async move {
            let mut tally = Tally::default();
            for batch in batches(n) {
                for seq in batch.clone() {
                    F::send(tx, seq).await;
                }
                for _ in batch {
                    tally.add(black_box(F::recv(rx).await));
                }
            }
            (Some(Instant::now()), tally)
        })
    });
    spawner.finish(spec)
}

/// Ping-pong as two tasks.
fn task_ping_pong<F: AsyncFlavor>(spec: Spec, kind: Runtime) -> TaskRig {
    let mut spawner = TaskSpawner::new(kind, 2);
    let (ping_tx, ping_rx) = F::channel::<u64>(spec.cap);
    let (pong_tx, pong_rx) = F::channel::<u64>(spec.cap);
    spawner.spawn((ping_tx, pong_rx), |(ping_tx, pong_rx), n| {
        Box::pin(async move {
            let mut tally = Tally::default();
            for seq in 0..n {
                F::send(ping_tx, seq).await;
                tally.add(black_box(F::recv(pong_rx).await));
            }
            (Some(Instant::now()), tally)
        })
    });
    spawner.spawn((ping_rx, pong_tx), |(ping_rx, pong_tx), n| {
        Box::pin(async move {
            for _ in 0..n {
                let msg = F::recv(ping_rx).await;
                F::send(pong_tx, msg).await;
            }
            (None, Tally::default())
        })
    });
    spawner.finish(spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{all_specs, Cap};

    /// Every benchmark of the suite runs two short, checked rounds (the second proves the
    /// participants survive between rounds; its 300 messages are more than one single-thread
    /// batch, so the baseline refills its channel).
    #[test]
    fn every_benchmark_delivers_every_message() {
        const _: () = assert!(300 > SINGLE_THREAD_BATCH);
        let specs = all_specs();
        for topology in [Topology::SingleThread, Topology::Mpsc2] {
            assert!(specs.iter().any(|s| s.topology == topology), "{topology:?}");
        }
        for spec in specs {
            let mut rig = build(spec);
            for n in [1, 300] {
                let took = rig.round(n);
                assert!(took < REPORT_LIMIT, "{spec}");
            }
        }
    }

    #[test]
    fn a_lost_message_fails_the_round() {
        let spec = Spec::new(Topology::Spsc, Msg::U64, Imp::Crossbeam, Cap::Unbounded);
        let released = Instant::now();
        let reports = [Report {
            released,
            last_receive: Some(released),
            tally: Tally::expected(9),
        }];
        let outcome = std::panic::catch_unwind(|| settle(spec, 10, &reports));
        assert!(outcome.is_err(), "a round with 9 of 10 messages must fail");
    }

    #[test]
    fn batches_cover_every_sequence_number_once() {
        let size = SINGLE_THREAD_BATCH as u64;
        for n in [0, 1, size - 1, size, size + 1, 3 * size + 7] {
            let all: Vec<u64> = batches(n).flatten().collect();
            assert_eq!(all, (0..n).collect::<Vec<_>>());
            assert!(batches(n).all(|b| !b.is_empty() && b.end - b.start <= size));
        }
    }

    #[test]
    fn shares_cover_every_sequence_number_once() {
        for n in [0, 1, 7, 1000] {
            for producers in 1..=4 {
                let all: Vec<u64> = (0..producers)
                    .flat_map(|k| share(n, k, producers))
                    .collect();
                assert_eq!(all, (0..n).collect::<Vec<_>>());
            }
        }
    }
}
