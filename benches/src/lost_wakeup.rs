//! A bounded reproducer of the lost wake-up in flume 0.11's async receive
//! (`cargo run --release -p channel_benches --bin flume_lost_wakeup`).
//!
//! Each round builds a fresh channel, two producer tasks and two consumer tasks on a tokio
//! runtime. The producers send their share of the messages; the last one to finish sends one
//! stop marker per consumer. The round's driver keeps a sender alive until both consumers have
//! seen their stop marker, so a consumer cannot be rescued by the channel disconnecting: like
//! in a long-running program, only a message can wake it. A round that does not finish within
//! the timeout counts as stuck; its tasks are aborted and the next round starts afresh.
//!
//! The same rounds run for flume at several capacities and on both runtimes, and for
//! async-channel and tokio as controls (tokio's `mpsc` has one receiver: its two consumers
//! share it behind a `tokio::sync::Mutex`).

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The stop marker; data messages are `0..MESSAGES`.
const STOP: u64 = u64::MAX;

/// Messages per round (both producers together).
pub const MESSAGES: u64 = 1000;

/// Which channel a configuration runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chan {
    Flume(usize),
    AsyncChannel(usize),
    Tokio(usize),
}

/// One row of the table: a channel on a runtime.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub chan: Chan,
    /// `true`: tokio multi_thread with 2 workers; `false`: current_thread.
    pub multi_thread: bool,
}

impl Config {
    pub fn label(&self) -> String {
        let chan = match self.chan {
            Chan::Flume(n) => format!("flume bounded({n})"),
            Chan::AsyncChannel(n) => format!("async-channel bounded({n})"),
            Chan::Tokio(n) => format!("tokio mpsc({n})（两个消费者共用一个加锁的 Receiver）"),
        };
        let runtime = if self.multi_thread {
            "multi_thread×2"
        } else {
            "current_thread"
        };
        format!("{chan}，{runtime}")
    }
}

/// The configurations of the printed table, in order.
pub fn table_configs() -> Vec<Config> {
    let mt = |chan| Config {
        chan,
        multi_thread: true,
    };
    vec![
        mt(Chan::Flume(0)),
        mt(Chan::Flume(1)),
        mt(Chan::Flume(16)),
        mt(Chan::Flume(1024)),
        Config {
            chan: Chan::Flume(1),
            multi_thread: false,
        },
        mt(Chan::AsyncChannel(1)),
        mt(Chan::Tokio(1)),
    ]
}

/// What a configuration did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub rounds: usize,
    pub stuck: usize,
}

/// Sending and receiving halves as plain async closures, so one round body serves every channel.
trait Halves: Send + Sync + 'static {
    fn send(&self, value: u64) -> impl Future<Output = ()> + Send;
    fn recv(&self) -> impl Future<Output = u64> + Send;
}

const GONE: &str = "a channel of the reproducer closed in the middle of a round";

struct FlumeHalves(flume::Sender<u64>, flume::Receiver<u64>);

impl Halves for FlumeHalves {
    async fn send(&self, value: u64) {
        self.0.send_async(value).await.expect(GONE);
    }
    async fn recv(&self) -> u64 {
        self.1.recv_async().await.expect(GONE)
    }
}

struct AsyncChannelHalves(async_channel::Sender<u64>, async_channel::Receiver<u64>);

impl Halves for AsyncChannelHalves {
    async fn send(&self, value: u64) {
        self.0.send(value).await.expect(GONE);
    }
    async fn recv(&self) -> u64 {
        self.1.recv().await.expect(GONE)
    }
}

struct TokioHalves(
    tokio::sync::mpsc::Sender<u64>,
    tokio::sync::Mutex<tokio::sync::mpsc::Receiver<u64>>,
);

impl Halves for TokioHalves {
    async fn send(&self, value: u64) {
        self.0.send(value).await.expect(GONE);
    }
    async fn recv(&self) -> u64 {
        self.1.lock().await.recv().await.expect(GONE)
    }
}

/// One round on `halves` (shared by all four tasks, which keeps every sender alive until the
/// round is over). Returns `false` if it did not finish within `timeout`. `stops` is how many
/// stop markers the last producer sends: 2 in every real round (a test passes 1 to see that a
/// consumer left waiting is reported).
async fn round<H: Halves>(halves: Arc<H>, timeout: Duration, stops: usize) -> bool {
    let left = Arc::new(AtomicUsize::new(2));
    let received = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for k in 0..2u64 {
        let (halves, left) = (Arc::clone(&halves), Arc::clone(&left));
        tasks.push(tokio::spawn(async move {
            for seq in (k * MESSAGES / 2)..((k + 1) * MESSAGES / 2) {
                halves.send(seq).await;
            }
            if left.fetch_sub(1, Ordering::AcqRel) == 1 {
                for _ in 0..stops {
                    halves.send(STOP).await;
                }
            }
        }));
    }
    for _ in 0..2 {
        let (halves, received) = (Arc::clone(&halves), Arc::clone(&received));
        tasks.push(tokio::spawn(async move {
            while halves.recv().await != STOP {
                received.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let aborts: Vec<_> = tasks.iter().map(|t| t.abort_handle()).collect();
    let all = async {
        for task in tasks {
            task.await.expect("a task of the reproducer panicked");
        }
    };
    let finished = tokio::time::timeout(timeout, all).await.is_ok();
    if finished {
        assert_eq!(
            received.load(Ordering::Relaxed),
            MESSAGES as usize,
            "a finished round must have delivered every message"
        );
    } else {
        for abort in aborts {
            abort.abort();
        }
    }
    finished
}

fn halves_for(chan: Chan) -> RoundFn {
    match chan {
        Chan::Flume(n) => Box::new(move |t, s| {
            let (tx, rx) = flume::bounded(n);
            Box::pin(round(Arc::new(FlumeHalves(tx, rx)), t, s))
        }),
        Chan::AsyncChannel(n) => Box::new(move |t, s| {
            let (tx, rx) = async_channel::bounded(n);
            Box::pin(round(Arc::new(AsyncChannelHalves(tx, rx)), t, s))
        }),
        Chan::Tokio(n) => Box::new(move |t, s| {
            let (tx, rx) = tokio::sync::mpsc::channel(n);
            Box::pin(round(
                Arc::new(TokioHalves(tx, tokio::sync::Mutex::new(rx))),
                t,
                s,
            ))
        }),
    }
}

type RoundFn = Box<dyn Fn(Duration, usize) -> std::pin::Pin<Box<dyn Future<Output = bool> + Send>>>;

/// Runs `rounds` rounds of `config`, each on a fresh channel, each limited to `timeout`.
pub fn run(config: Config, rounds: usize, timeout: Duration) -> Outcome {
    run_with_stops(config, rounds, timeout, 2)
}

fn run_with_stops(config: Config, rounds: usize, timeout: Duration, stops: usize) -> Outcome {
    let mut builder = if config.multi_thread {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = builder.enable_all().build().expect("a tokio runtime");
    let one_round = halves_for(config.chan);
    let mut stuck = 0;
    for _ in 0..rounds {
        // Spawned, so that on current_thread the round's tasks and its timer share the thread.
        let finished = runtime
            .block_on(async { tokio::spawn(one_round(timeout, stops)).await })
            .expect("a round of the reproducer panicked");
        if !finished {
            stuck += 1;
        }
    }
    Outcome { rounds, stuck }
}

/// The table the binary prints (Markdown), with how long it took.
pub fn table(rows: &[(Config, Outcome)], took: Duration) -> String {
    let mut out = String::from("| 配置 | 轮数 | 卡住的轮数 |\n| --- | ---: | ---: |\n");
    for (config, outcome) in rows {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            config.label(),
            outcome.rounds,
            outcome.stuck
        ));
    }
    out.push_str(&format!(
        "\n每轮：新建通道，2 个生产者任务共发 {MESSAGES} 条，2 个消费者任务各收到一个结束标记为止；\
         用时 {:.1} 秒。\n",
        took.as_secs_f64()
    ));
    out
}

/// Runs the whole table.
pub fn run_table(rounds: usize, timeout: Duration) -> String {
    let started = Instant::now();
    let rows: Vec<(Config, Outcome)> = table_configs()
        .into_iter()
        .map(|config| (config, run(config, rounds, timeout)))
        .collect();
    table(&rows, started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correct_channels_finish_every_round() {
        for chan in [Chan::AsyncChannel(1), Chan::Tokio(1)] {
            let config = Config {
                chan,
                multi_thread: true,
            };
            let outcome = run(config, 50, Duration::from_secs(10));
            assert_eq!(outcome.stuck, 0, "{}", config.label());
        }
    }

    #[test]
    fn a_consumer_left_waiting_counts_as_stuck() {
        // One stop marker for two consumers: the second waits for ever, the sender is alive.
        let config = Config {
            chan: Chan::AsyncChannel(1),
            multi_thread: false,
        };
        let outcome = run_with_stops(config, 3, Duration::from_millis(20), 1);
        assert_eq!(
            outcome,
            Outcome {
                rounds: 3,
                stuck: 3
            }
        );
    }
}
