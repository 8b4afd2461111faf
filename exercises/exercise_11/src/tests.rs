use super::{watch, Verdict};
use crossbeam_channel::{bounded, select, tick, unbounded, Receiver, Sender};
use std::sync::{Arc, Barrier};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use test_support::{deadline, thread_busy_time};

const HINT: &str = "看门狗是否只在收到心跳时才检查？所有工作线程都沉默时根本没有心跳，\
                    需要一个自己的定时器（tick）来触发检查。\
                    是否只用了一个 after(limit)、每来一次心跳就重新创建？那样只要还有一个工作线程在跳，\
                    沉默的工作线程就永远发现不了。\
                    还有：一次都没跳过的工作线程是否也在监视之列（开始监视时算它刚刚见过）？";

/// 沉默多久算卡住。比心跳间隔长得多，健康的工作线程不会被误报。
const LIMIT: Duration = Duration::from_millis(200);

/// 报告最晚可以比 limit 晚多少（README 的规则：limit 之后的 limit/2 之内）。
const GRACE: Duration = Duration::from_millis(100);

/// 安静时段里，看门狗线程“想要 CPU”的时间最多占墙上时间的百分之几。阻塞等待的线程几乎
/// 一直在睡；用 `try_recv` 空转轮询的线程一直在运行或排队，接近 100%。
const MAX_BUSY_PERCENT: u128 = 20;

/// 健康工作线程的心跳间隔。
const BEAT: Duration = Duration::from_millis(2);

/// 健康的工作线程：每隔 BEAT 跳一次，直到 `stop` 的发送端被 drop。
fn healthy(id: usize, heartbeats: Sender<usize>, stop: Receiver<()>) -> JoinHandle<()> {
    thread::spawn(move || {
        let beat = tick(BEAT);
        loop {
            select! {
                recv(stop) -> _ => break,
                recv(beat) -> _ => {
                    if heartbeats.send(id).is_err() {
                        break;
                    }
                }
            }
        }
    })
}

/// 卡住的工作线程：先像健康的工作线程一样跳 `beats` 次，然后一声不响地等着，Sender 一直活着，
/// 直到 `stop` 被 drop。最后一次心跳的时刻发到 `last_beat`（一次都没跳就不发）。
fn stuck(
    id: usize,
    beats: usize,
    heartbeats: Sender<usize>,
    stop: Receiver<()>,
    last_beat: Sender<Instant>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        for _ in tick(BEAT).iter().take(beats) {
            heartbeats.send(id).unwrap();
            last_beat.send(Instant::now()).unwrap();
        }
        drop(last_beat);
        let _ = stop.recv();
        drop(heartbeats);
    })
}

/// 运行看门狗，返回结论、用时，以及看门狗线程在这段时间里“想要 CPU”的时间
/// （见 `test_support::thread_busy_time`；不是 Linux 时为 `None`）；随后让所有工作线程停下并等它们结束。
fn run(
    heartbeats: Receiver<usize>,
    workers: usize,
    stop: Sender<()>,
    handles: Vec<JoinHandle<()>>,
) -> (Verdict, Duration, Option<Duration>) {
    let started = Instant::now();
    let busy_before = thread_busy_time();
    let verdict = watch(&heartbeats, workers, LIMIT);
    let elapsed = started.elapsed();
    let busy = busy_before.zip(thread_busy_time()).map(|(b, a)| a - b);
    drop(stop);
    drop(heartbeats);
    for handle in handles {
        handle.join().unwrap();
    }
    (verdict, elapsed, busy)
}

/// 沉默的工作线程要在 limit 之后不久被报告：报告时它沉默了最多 limit + GRACE。
fn assert_reported_in_time(silence: Duration) {
    assert!(
        silence <= LIMIT + GRACE,
        "报告得太晚：工作线程沉默了 {silence:?} 才被报告，规则是超过 limit（{LIMIT:?}）之后的 \
         {GRACE:?} 之内。检查的节拍是否太稀（例如 tick(limit)）？节拍间隔应当只是 limit 的一小部分"
    );
}

#[test]
fn workers_that_finish_are_reported_as_finished() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let together = Arc::new(Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|id| {
                let tx = tx.clone();
                let together = Arc::clone(&together);
                thread::spawn(move || {
                    for _ in tick(BEAT).iter().take(10) {
                        tx.send(id).unwrap();
                    }
                    // 一起结束：谁也不会在别人还在工作时沉默太久。
                    together.wait();
                })
            })
            .collect();
        drop(tx);
        let verdict = watch(&rx, 4, LIMIT);
        for handle in handles {
            handle.join().unwrap();
        }
        assert_eq!(
            verdict,
            Verdict::AllFinished,
            "4 个工作线程跳了几次就都结束了（心跳通道断开）：结论应是 AllFinished。\
             如果报告了 Silent，检查收到心跳时是否更新了那个工作线程的最后心跳时间"
        );
    });
}

#[test]
fn no_workers_and_a_closed_channel() {
    deadline(HINT, || {
        let (tx, rx) = unbounded::<usize>();
        drop(tx);
        assert_eq!(
            watch(&rx, 0, LIMIT),
            Verdict::AllFinished,
            "心跳通道已经断开：应立即返回 AllFinished"
        );
    });
}

#[test]
fn a_silent_worker_is_found_while_the_others_keep_beating() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let (stop_tx, stop_rx) = bounded(0);
        let (last_beat_tx, last_beat_rx) = unbounded();
        let handles = vec![
            healthy(0, tx.clone(), stop_rx.clone()),
            healthy(1, tx.clone(), stop_rx.clone()),
            stuck(2, 5, tx.clone(), stop_rx.clone(), last_beat_tx),
            healthy(3, tx, stop_rx),
        ];
        let started = Instant::now();
        let (verdict, elapsed, _) = run(rx, 4, stop_tx, handles);
        let reported = started + elapsed;
        assert_eq!(
            verdict,
            Verdict::Silent(vec![2]),
            "工作线程 2 跳了 5 次就不跳了，其余工作线程一直在跳：应当只报告工作线程 2"
        );
        let last_beat = last_beat_rx.iter().last().expect("工作线程 2 跳过 5 次");
        let silence = reported.saturating_duration_since(last_beat);
        assert!(
            silence >= LIMIT,
            "报告得太早：工作线程 2 才沉默了 {silence:?}，还没有超过 limit（{LIMIT:?}）"
        );
        assert_reported_in_time(silence);
    });
}

#[test]
fn a_worker_that_never_beats_counts_as_seen_at_the_start() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let (stop_tx, stop_rx) = bounded(0);
        let handles = vec![
            healthy(0, tx.clone(), stop_rx.clone()),
            stuck(1, 0, tx.clone(), stop_rx.clone(), unbounded().0),
            healthy(2, tx, stop_rx),
        ];
        let (verdict, elapsed, _) = run(rx, 3, stop_tx, handles);
        assert_eq!(
            verdict,
            Verdict::Silent(vec![1]),
            "工作线程 1 从来没有跳过：开始监视时算它刚刚见过，沉默超过 limit 后就该报告它\
             （只记录“跳过的工作线程”是不够的）"
        );
        assert!(
            elapsed >= LIMIT,
            "报告得太早（{elapsed:?}）：从开始监视算起，工作线程 1 还没有沉默到 limit（{LIMIT:?}）"
        );
        assert_reported_in_time(elapsed);
    });
}

#[test]
fn when_everybody_is_silent_everybody_is_reported() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let (stop_tx, stop_rx) = bounded(0);
        let handles = (0..3)
            .map(|id| stuck(id, 0, tx.clone(), stop_rx.clone(), unbounded().0))
            .collect();
        drop(tx);
        let (verdict, elapsed, busy) = run(rx, 3, stop_tx, handles);
        assert_eq!(
            verdict,
            Verdict::Silent(vec![0, 1, 2]),
            "3 个工作线程都活着但都不跳：应当一起报告（列出此刻所有沉默超过 limit 的工作线程，从小到大）"
        );
        assert!(elapsed >= LIMIT, "报告得太早（{elapsed:?} < {LIMIT:?}）");
        assert_reported_in_time(elapsed);
        // 这段时间里没有一条心跳：阻塞等待的看门狗几乎一直在睡。
        if let Some(busy) = busy {
            assert!(
                busy.as_millis() * 100 <= elapsed.as_millis() * MAX_BUSY_PERCENT,
                "没有任何心跳的 {elapsed:?} 里，看门狗线程有 {busy:?} 在运行或排队等 CPU：它在空转\
                 轮询（例如循环里 try_recv）。等心跳和定时器时应当阻塞（select! 配合 tick）"
            );
        }
    });
}
