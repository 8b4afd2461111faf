use super::spawn_stage;
use crossbeam_channel::{bounded, unbounded};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use test_support::{assert_exactly_once, deadline, HINT_SENDER_ALIVE};

const HINT_STOP: &str = "输出端被 drop 之后，阶段的 send 会返回 Err：这时要结束线程（break），\
                         线程结束时 input 随之 drop，上游的 send 才会失败、上游才会停下";

#[test]
fn transforms_every_item_in_order() {
    deadline(HINT_SENDER_ALIVE, || {
        let (tx, input) = unbounded();
        let sent: Vec<u64> = (0..1000).collect();
        for &n in &sent {
            tx.send(n).unwrap();
        }
        drop(tx);
        let (output, worker) = spawn_stage(input, 4, |n: u64| n * n);
        let received: Vec<u64> = output.iter().collect();
        let expected: Vec<u64> = sent.iter().map(|n| n * n).collect();
        assert_exactly_once(&expected, &received);
        assert_eq!(
            received, expected,
            "顺序变了：一个线程按收到的顺序处理、发送，输出的顺序就和输入一样"
        );
        let forwarded = worker
            .join()
            .expect("阶段线程 panic 了：对 send 的结果用了 unwrap？");
        assert_eq!(
            forwarded, 1000,
            "线程应返回成功发出的条数：发出了 1000 条，却返回 {forwarded}"
        );
    });
}

#[test]
fn the_output_is_bounded_by_capacity() {
    deadline(HINT_SENDER_ALIVE, || {
        for capacity in [0, 1, 7] {
            let (tx, input) = unbounded::<u8>();
            let (output, worker) = spawn_stage(input, capacity, |n| n);
            assert_eq!(
                output.capacity(),
                Some(capacity),
                "输出通道应是容量为 {capacity} 的有界通道（bounded(capacity)）；\
                 None 表示用了无界通道，下游再慢，阶段也不会停下来"
            );
            drop(tx);
            worker.join().unwrap();
        }
    });
}

/// 消费者尽可能地慢，数一数阶段从 input 取走了多少条。
///
/// input 是容量 0 的通道：测试线程的每次 `send` 返回，就说明阶段刚好取走了一条，
/// 所以“取走了几条”是数出来的，不是等出来的。
fn count_how_far_the_stage_runs_ahead(capacity: usize) {
    const COUNT: usize = 50;
    let (tx, input) = bounded(0);
    // 消费者“已经要了”几条：先登记，再 recv，所以它只会多算，不会少算。
    let requested = Arc::new(AtomicUsize::new(0));
    let most_ahead = Arc::new(AtomicUsize::new(0));
    let (taken_tx, taken_rx) = unbounded();

    let source = {
        let requested = Arc::clone(&requested);
        let most_ahead = Arc::clone(&most_ahead);
        thread::spawn(move || {
            for n in 0..COUNT {
                if tx.send(n).is_err() {
                    return;
                }
                let taken = n + 1;
                let ahead = taken.saturating_sub(requested.load(Ordering::SeqCst));
                most_ahead.fetch_max(ahead, Ordering::SeqCst);
                // 测试线程还在等这些计数；它提前结束时发送失败也无妨。
                let _ = taken_tx.send(taken);
            }
        })
    };

    let (output, worker) = spawn_stage(input, capacity, |n: usize| n);
    let mut taken = 0;
    for expected in 0..COUNT {
        // 最慢的消费者：等阶段取走第 expected + capacity + 1 条（正确的阶段在下游不动时
        // 最多只能走到这里），才去取下一条结果。
        let target = (expected + capacity + 1).min(COUNT);
        while taken < target {
            taken = taken_rx
                .recv()
                .expect("阶段不再从 input 取消息了：它是不是提前结束了？");
        }
        requested.fetch_add(1, Ordering::SeqCst);
        assert_eq!(
            output.recv(),
            Ok(expected),
            "消息丢失或顺序变了：第 {expected} 条结果不对"
        );
    }
    source.join().unwrap();
    worker
        .join()
        .expect("阶段线程 panic 了：对 send 的结果用了 unwrap？");
    let most_ahead = most_ahead.load(Ordering::SeqCst);
    assert!(
        most_ahead <= capacity + 1,
        "背压失效：阶段从 input 取走的条数最多领先消费者 {most_ahead} 条，\
         容量为 {capacity} 时最多只能领先 {} 条（通道里 {capacity} 条，手里 1 条）。\
         输出通道是有界的吗？是不是先把 input 收进了 Vec？",
        capacity + 1
    );
}

#[test]
fn a_slow_consumer_holds_the_stage_back() {
    deadline(HINT_SENDER_ALIVE, || count_how_far_the_stage_runs_ahead(3));
}

#[test]
fn with_capacity_zero_the_stage_runs_in_lockstep() {
    deadline(HINT_SENDER_ALIVE, || count_how_far_the_stage_runs_ahead(0));
}

#[test]
fn stages_compose_into_a_pipeline() {
    deadline(HINT_SENDER_ALIVE, || {
        let (tx, input) = bounded(2);
        let source = thread::spawn(move || {
            for n in 0..300u32 {
                tx.send(n).unwrap();
            }
        });
        let (squares, first) = spawn_stage(input, 2, |n: u32| u64::from(n) * u64::from(n));
        let (labels, second) = spawn_stage(squares, 0, |n: u64| format!("#{n}"));
        let received: Vec<String> = labels.iter().collect();
        let expected: Vec<String> = (0..300u64).map(|n| format!("#{}", n * n)).collect();
        assert_exactly_once(&expected, &received);
        assert_eq!(received, expected, "两级流水线之后，顺序应当不变");
        source.join().unwrap();
        assert_eq!(first.join().unwrap(), 300, "第一级应发出 300 条");
        assert_eq!(second.join().unwrap(), 300, "第二级应发出 300 条");
    });
}

#[test]
fn a_consumer_that_leaves_stops_the_whole_pipeline() {
    deadline(HINT_STOP, || {
        const CAPACITY: usize = 2;
        let (tx, input) = bounded(1);
        // 源头没有尽头：只有阶段丢下 input，它的 send 才会失败，它才会结束。
        let source = thread::spawn(move || {
            let mut n: u64 = 0;
            while tx.send(n).is_ok() {
                n += 1;
            }
        });
        let (output, worker) = spawn_stage(input, CAPACITY, |n: u64| n + 1);
        let first: Vec<u64> = output.iter().take(5).collect();
        assert_eq!(first, [1, 2, 3, 4, 5], "前 5 条结果不对");
        drop(output);

        let sent = match worker.join() {
            Ok(sent) => sent,
            Err(_) => panic!(
                "阶段线程 panic 了：输出端被 drop 后 send 返回 Err，这是“没人要了”的信号，\
                 应当结束循环，而不是 unwrap"
            ),
        };
        assert!(
            (5..=5 + CAPACITY).contains(&sent),
            "消费者取走 5 条后离开，容量为 {CAPACITY}：成功发出的应在 5 到 {} 条之间，得到 {sent}",
            5 + CAPACITY
        );
        source.join().unwrap();
    });
}

#[test]
fn a_consumer_gone_before_the_first_item_gets_nothing_sent() {
    deadline(HINT_STOP, || {
        let (tx, input) = unbounded();
        let (output, worker) = spawn_stage(input, 2, |n: u32| n);
        // 下游在第一条消息到来之前就离开了：阶段处理第一条时 send 必然失败。
        drop(output);
        tx.send(1).expect("阶段还没收到任何消息就丢下了 input");
        let sent = match worker.join() {
            Ok(sent) => sent,
            Err(_) => panic!(
                "阶段线程 panic 了：输出端被 drop 后 send 返回 Err，应当结束循环，而不是 unwrap"
            ),
        };
        assert_eq!(
            sent, 0,
            "下游一条也没收到，阶段却说成功发出了 {sent} 条：发送失败的那条不算，应返回 0\
             （先 send 成功，再加计数）"
        );
        assert!(
            tx.send(2).is_err(),
            "阶段线程结束了，input 却还有人接收：线程结束时应当丢下 input，上游才知道没人要了"
        );
    });
}

#[test]
fn an_idle_stage_does_not_spin() {
    use std::time::Duration;
    use test_support::{assert_not_spinning, threads_named};
    const NAME: &str = "ex08-stage";
    deadline(HINT_SENDER_ALIVE, || {
        let (tx, input) = unbounded::<u32>();
        // 在名字独特的线程里调用 spawn_stage：阶段线程（Linux 上）继承这个名字，测试就能
        // 找到它、量它的 CPU 时间。
        let (handles_tx, handles_rx) = std::sync::mpsc::channel();
        thread::Builder::new()
            .name(NAME.into())
            .spawn(move || handles_tx.send(spawn_stage(input, 1, |n: u32| n)).unwrap())
            .unwrap()
            .join()
            .expect("spawn_stage panic 了：还是 todo!()？");
        let (output, worker) = handles_rx.recv().unwrap();
        // input 的 Sender 活着，但什么也不发：阶段应当阻塞在 input 上。
        let stage = threads_named(NAME);
        if !stage.is_empty() {
            assert_not_spinning(&stage, Duration::from_millis(200), "阶段线程");
        }
        drop(tx);
        assert_eq!(worker.join().expect("阶段线程 panic 了"), 0);
        assert!(
            output.recv().is_err(),
            "input 断开、阶段结束后，输出端应当断开"
        );
    });
}
