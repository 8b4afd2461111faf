use super::{bridge, Producer};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc as std_mpsc, Arc};
use std::time::Duration;
use test_support::{assert_exactly_once, deadline_async_realtime};
use tokio::sync::{mpsc, oneshot};
use tokio::time::timeout;

// 这些测试里有真正的生产者线程，所以时钟照常走（deadline_async_realtime）。
const HINT: &str = "测试没有结束：所有生产者线程都结束了，bridge 还在等？把 Sender clone 给线程之后，\
                    原来那个 flume Sender 要 drop，recv_async 才会返回 Err。sink 关闭之后 bridge 有没有停下？";

/// 等 bridge 任务结束；它 panic 时说明最可能的原因。
async fn finish(bridge: impl Future<Output = usize> + Send + 'static) -> usize {
    tokio::spawn(bridge).await.unwrap_or_else(|_| {
        panic!(
            "bridge panic 了：是不是在异步任务里调用了 blocking_send / blocking_recv？\
             它们只能在同步线程里用，任务里要用 send(..).await / recv().await"
        )
    })
}

#[test]
fn every_value_arrives_exactly_once() {
    deadline_async_realtime(HINT, || async {
        let (sink, mut out) = mpsc::channel(16);
        let reader = tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(value) = out.recv().await {
                got.push(value);
            }
            got
        });
        let forwarded = finish(bridge(
            4,
            8,
            |id, producer: &Producer| {
                for k in 0..250 {
                    assert!(
                        producer.push(id as u64 * 1000 + k),
                        "消费者还在，push 应当返回 true"
                    );
                }
            },
            sink,
        ))
        .await;
        let got = reader.await.unwrap();
        assert!(
            !(got.is_empty() && forwarded > 0),
            "bridge 说转交了 {forwarded} 条，sink 却一条也没收到：sink.send(value) 返回的 future 要 .await，\
             否则什么也没发出去"
        );
        assert!(
            got.len() >= 1000,
            "消息丢失：4 个生产者共发了 1000 条，sink 只收到 {} 条。Producer::push 在队列满时应当阻塞等待\
             （flume 的 send），try_send 会把放不下的丢掉",
            got.len()
        );
        let sent: Vec<u64> = (0..4)
            .flat_map(|id| (0..250).map(move |k| id * 1000 + k))
            .collect();
        assert_exactly_once(&sent, &got);
        for id in 0..4 {
            let mine: Vec<u64> = got.iter().copied().filter(|v| v / 1000 == id).collect();
            assert!(
                mine.windows(2).all(|w| w[0] < w[1]),
                "同一个生产者的数据应当保持顺序（生产者 {id}）"
            );
        }
        assert_eq!(forwarded, 1000, "bridge 应当返回转交的条数 1000");
    });
}

#[test]
fn the_runtime_keeps_running_while_the_bridge_waits() {
    const ROUNDS: u64 = 5;
    deadline_async_realtime(HINT, || async {
        // 乒乓：生产者放一条，就等异步的读者回应一次，才放下一条。读者和 bridge 在同一个
        // 单线程运行时里：bridge 等数据时如果阻塞了线程，读者永远运行不了。
        let (ack_tx, ack_rx) = std_mpsc::channel::<()>();
        let blocked = Arc::new(AtomicBool::new(false));
        let blocked_seen = Arc::clone(&blocked);
        let (sink, mut out) = mpsc::channel(1);
        let reader = tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(value) = out.recv().await {
                got.push(value);
                // 生产者可能已经放弃等待：回应失败无妨。
                let _ = ack_tx.send(());
            }
            got
        });
        let ack_rx = std::sync::Mutex::new(ack_rx);
        let forwarded = finish(bridge(
            1,
            4,
            move |_, producer: &Producer| {
                let ack_rx = ack_rx.lock().unwrap();
                for k in 0..ROUNDS {
                    producer.push(k);
                    if ack_rx.recv_timeout(Duration::from_secs(1)).is_err() {
                        blocked_seen.store(true, Ordering::SeqCst);
                        return;
                    }
                }
            },
            sink,
        ))
        .await;
        let got = reader.await.unwrap();
        assert!(
            !blocked.load(Ordering::SeqCst),
            "生产者等了 1 秒也没等到异步读者的回应：运行时被阻塞了。是不是在 async 代码里用了同步的 recv()\
             （flume 的 recv、std 的 recv）或者 JoinHandle::join？current_thread 运行时只有一个线程，\
             一个任务阻塞，其他任务全都停下。用 recv_async().await"
        );
        assert_eq!(
            got,
            (0..ROUNDS).collect::<Vec<_>>(),
            "读者应当按顺序收到 0..{ROUNDS}"
        );
        assert_eq!(forwarded, ROUNDS as usize);
    });
}

#[test]
fn a_full_queue_holds_the_producer_back() {
    const CAPACITY: usize = 4;
    // 生产者最多领先读者多少条：队列里 CAPACITY 条，bridge 手里 1 条，sink 里 1 条，
    // 读者刚取出、还没计数的 1 条。
    const MAX_AHEAD: usize = CAPACITY + 3;
    deadline_async_realtime(HINT, || async {
        let received = Arc::new(AtomicUsize::new(0));
        let max_ahead = Arc::new(AtomicUsize::new(0));
        let (ran_ahead, head_start) = oneshot::channel::<()>();
        let (sink, mut out) = mpsc::channel(1);
        let counted = Arc::clone(&received);
        let reader = tokio::spawn(async move {
            // 读者先不读：等生产者领先得超出界限（只有无界队列才会发生），最多等 200 毫秒。
            // 在正确的答案里这 200 毫秒总会等满——它证明的是「生产者被挡住了」。
            let _ = timeout(Duration::from_millis(200), head_start).await;
            while out.recv().await.is_some() {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        let seen = Arc::clone(&received);
        let record = Arc::clone(&max_ahead);
        let ran_ahead = std::sync::Mutex::new(Some(ran_ahead));
        finish(bridge(
            1,
            CAPACITY,
            move |_, producer: &Producer| {
                for k in 0..100 {
                    producer.push(k);
                    let ahead = (k as usize + 1).saturating_sub(seen.load(Ordering::SeqCst));
                    record.fetch_max(ahead, Ordering::SeqCst);
                    if ahead > MAX_AHEAD {
                        if let Some(signal) = ran_ahead.lock().unwrap().take() {
                            let _ = signal.send(());
                        }
                    }
                }
            },
            sink,
        ))
        .await;
        reader.await.unwrap();
        let ahead = max_ahead.load(Ordering::SeqCst);
        assert!(
            ahead <= MAX_AHEAD,
            "读者不读的时候，生产者领先了 {ahead} 条（队列容量 {CAPACITY}，最多应当领先 {MAX_AHEAD} 条）：\
             没有背压。用有界的 flume::bounded(capacity)，队列满时 push 阻塞生产者线程"
        );
        assert_eq!(received.load(Ordering::SeqCst), 100, "100 条都应当到达");
    });
}

#[test]
fn the_bridge_stops_when_the_sink_is_gone() {
    deadline_async_realtime(HINT, || async {
        let (stopped_tx, stopped) = std_mpsc::channel::<usize>();
        let stopped_tx = std::sync::Mutex::new(stopped_tx);
        let (sink, mut out) = mpsc::channel(1);
        // 下游只要 5 条，然后关闭。
        tokio::spawn(async move {
            for _ in 0..5 {
                out.recv().await;
            }
        });
        let bridged = tokio::spawn(bridge(
            2,
            4,
            move |id, producer: &Producer| {
                // 没完没了地生产，直到 push 返回 false。
                let mut k = 0;
                while producer.push(k) {
                    k += 1;
                }
                let _ = stopped_tx.lock().unwrap().send(id);
            },
            sink,
        ));
        let forwarded = match timeout(Duration::from_secs(2), bridged).await {
            Ok(Ok(n)) => n,
            Ok(Err(_)) => panic!("bridge panic 了"),
            Err(_) => panic!(
                "sink 关闭之后 bridge 2 秒还没有返回：sink.send 返回 Err 说明下游不要了，应当停止接收并返回\
                 （返回时 drop 掉 flume 的 Receiver，生产者的 push 才会返回 false）"
            ),
        };
        assert!(
            (5..=6).contains(&forwarded),
            "下游只收了 5 条就关闭了，bridge 返回了 {forwarded}：应当是成功转交的条数"
        );
        let both = tokio::task::spawn_blocking(move || {
            (0..2).all(|_| stopped.recv_timeout(Duration::from_secs(2)).is_ok())
        })
        .await
        .unwrap();
        assert!(
            both,
            "bridge 返回之后，生产者的 push 应当返回 false，让它们停下：flume 的 send 在 Receiver 都 drop 之后返回 Err"
        );
    });
}
