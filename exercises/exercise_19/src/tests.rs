use super::Batcher;
use crossbeam_channel::{unbounded, RecvTimeoutError, TryRecvError};
use std::panic::{self, AssertUnwindSafe};
use std::thread;
use std::time::{Duration, Instant};
use test_support::deadline;

const HINT: &str =
    "测试在 drop(batcher) 之后用 `for batch in rx` 或 recv() 等待。卡住通常说明还有 Sender 活着：\
                    Batcher 是否把它的 Sender 留在了别处（比如多 clone 了一份存起来）？\
                    Drop 里的 flush 是否在等什么？";

/// 长到测试期间绝不会到期的截止时间：只测“按数量发出”。
const NEVER: Duration = Duration::from_secs(3600);

#[test]
fn delivers_every_item_once_and_in_order() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 64, NEVER);
        for item in 0..10_000u32 {
            batcher.push(item).expect("接收端还在，push 不应失败");
        }
        drop(batcher);

        let batches: Vec<Vec<u32>> = rx.iter().collect();
        let items: Vec<u32> = batches.iter().flatten().copied().collect();
        let sent: Vec<u32> = (0..10_000).collect();
        test_support::assert_exactly_once(&sent, &items);
        assert_eq!(
            items, sent,
            "数据都到了，但顺序变了：批次应按 push 的顺序发出，批内也保持顺序"
        );
        assert!(
            batches.iter().all(|b| !b.is_empty() && b.len() <= 64),
            "每一批应有 1 到 64 条，实际批次大小：{:?}",
            batches.iter().map(Vec::len).collect::<Vec<_>>()
        );
        assert_eq!(
            batches.len(),
            157,
            "10000 条、每批 64 条，应是 156 个满批加最后 16 条：批次没攒满就发了？"
        );
    });
}

#[test]
fn sends_a_batch_as_soon_as_it_is_full() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 3, NEVER);
        batcher.push('a').unwrap();
        batcher.push('b').unwrap();
        assert_eq!(
            rx.try_recv(),
            Err(TryRecvError::Empty),
            "只有 2 条、上限是 3 条：还不该发出"
        );
        assert_eq!(batcher.len(), 2, "len() 应是批次里还没发出的条数");
        assert!(
            !batcher.is_empty(),
            "批次里还有 2 条没发出，is_empty() 却说是空的：它应与 len() == 0 一致"
        );
        batcher.push('c').unwrap();
        assert_eq!(
            rx.try_recv(),
            Ok(vec!['a', 'b', 'c']),
            "第 3 条进来时批次满了，应立即发出（而不是等到下一次 push 或 drop）"
        );
        assert!(batcher.is_empty(), "发出之后批次应为空");
        batcher.push('d').unwrap();
        assert_eq!(
            rx.try_recv(),
            Err(TryRecvError::Empty),
            "新的一批只有 1 条，不该发出"
        );
    });
}

#[test]
fn flushes_the_rest_on_drop() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 10, NEVER);
        for word in ["x", "y", "z"] {
            batcher.push(word).unwrap();
        }
        drop(batcher);
        assert_eq!(
            rx.recv(),
            Ok(vec!["x", "y", "z"]),
            "drop 时还没攒满的最后一批也要发出，否则这 3 条就丢了"
        );
        assert!(
            rx.recv().is_err(),
            "Batcher 被 drop 后它的 Sender 也应随之 drop，通道应当断开"
        );
    });
}

#[test]
fn never_sends_an_empty_batch() {
    deadline(HINT, || {
        let (tx, rx) = unbounded::<Vec<u8>>();
        let mut batcher = Batcher::new(tx, 2, NEVER);
        batcher.flush().expect("接收端还在，flush 不应失败");
        assert_eq!(
            rx.try_recv(),
            Err(TryRecvError::Empty),
            "批次是空的：flush 不应发出空 Vec"
        );
        batcher.push(1).unwrap();
        batcher.push(2).unwrap();
        drop(batcher);
        assert_eq!(rx.recv(), Ok(vec![1, 2]));
        assert_eq!(
            rx.recv().ok(),
            None,
            "满批已经发出，drop 时批次为空：不应再发一个空 Vec"
        );
    });
}

#[test]
fn the_deadline_starts_with_the_first_item() {
    deadline(HINT, || {
        let (tx, _rx) = unbounded();
        let delay = Duration::from_millis(50);
        let mut batcher = Batcher::new(tx, 100, delay);
        assert_eq!(batcher.deadline(), None, "空批次没有截止时间");

        // 让时钟走一点：计时若从创建 Batcher 时开始，下面的检查就能发现。
        thread::sleep(Duration::from_millis(5));
        let before = Instant::now();
        batcher.push(1).unwrap();
        let after = Instant::now();
        let due = batcher.deadline().expect("批次里有数据，应当有截止时间");
        assert!(
            before + delay <= due && due <= after + delay,
            "截止时间应是“第一条进来的时刻 + max_delay”（不是创建 Batcher 或上次发出的时刻）"
        );

        batcher.push(2).unwrap();
        assert_eq!(
            batcher.deadline(),
            Some(due),
            "后来的数据不应推迟截止时间，否则源源不断的数据会让第一条永远等下去"
        );
        batcher.flush().unwrap();
        assert_eq!(batcher.deadline(), None, "发出之后批次为空，不再有截止时间");
    });
}

#[test]
fn flush_if_due_waits_for_the_deadline() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 100, NEVER);
        assert_eq!(
            batcher.flush_if_due().ok(),
            Some(false),
            "空批次：没有要发的"
        );
        batcher.push(7).unwrap();
        assert_eq!(
            batcher.flush_if_due().ok(),
            Some(false),
            "截止时间在一小时以后，现在不该发出"
        );
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(batcher.len(), 1);
    });
}

#[test]
fn flush_if_due_sends_an_expired_batch() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 100, Duration::from_millis(5));
        batcher.push(1).unwrap();
        batcher.push(2).unwrap();
        // 这个测试的主题就是时间：等到截止时间过去（只等 5 毫秒左右）。
        let due = batcher.deadline().expect("批次里有数据，应当有截止时间");
        while Instant::now() < due {
            thread::sleep(due - Instant::now());
        }
        assert_eq!(
            batcher.flush_if_due().ok(),
            Some(true),
            "截止时间已过，flush_if_due 应发出这一批并返回 true"
        );
        assert_eq!(rx.try_recv(), Ok(vec![1, 2]));
        assert_eq!(batcher.deadline(), None, "发出之后不再有截止时间");
    });
}

#[test]
fn an_idle_producer_still_meets_the_deadline() {
    deadline(HINT, || {
        let (input_tx, input_rx) = unbounded::<u32>();
        let (output_tx, output_rx) = unbounded();
        // 生产者线程：没有新数据时，最多等到当前批次的截止时间。
        let producer = thread::spawn(move || {
            let mut batcher = Batcher::new(output_tx, 100, Duration::from_millis(10));
            loop {
                let next = match batcher.deadline() {
                    Some(due) => input_rx.recv_deadline(due),
                    None => input_rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                };
                match next {
                    Ok(item) => batcher.push(item).unwrap(),
                    Err(RecvTimeoutError::Timeout) => {
                        batcher.flush_if_due().unwrap();
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            // batcher 在这里被 drop，剩下的数据随之发出。
        });

        for item in [1, 2, 3] {
            input_tx.send(item).unwrap();
        }
        // 输入端还开着，批次也远没有满：只有截止时间能让这 3 条出来。
        // （机器很忙时，它们也可能分两批到达：两次 send 之间恰好过了截止时间。）
        let mut arrived = Vec::new();
        while arrived.len() < 3 {
            let batch = output_rx.recv().expect("生产者不应在输入关闭前退出");
            arrived.extend(batch);
        }
        assert_eq!(
            arrived,
            [1, 2, 3],
            "批次没满、生产者空闲：截止时间到了之后 flush_if_due 应按顺序发出这些数据"
        );
        input_tx.send(4).unwrap();
        drop(input_tx);
        assert_eq!(
            output_rx.iter().flatten().collect::<Vec<_>>(),
            [4],
            "输入关闭后剩下的一条应在 drop 时发出"
        );
        producer.join().unwrap();
    });
}

#[test]
fn hands_the_items_back_when_the_receiver_is_gone() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        drop(rx);
        let mut batcher = Batcher::new(tx, 2, NEVER);
        assert!(
            batcher.push(1).is_ok(),
            "批次没满时不发送，也就还不知道接收端不在了"
        );
        let error = batcher
            .push(2)
            .expect_err("批次满了要发送，而接收端已经不在：push 应返回 Err");
        assert_eq!(
            error.into_inner(),
            vec![1, 2],
            "发送失败时，错误里应带回这一批数据，而不是悄悄丢掉"
        );
        batcher.push(3).unwrap();
        let dropped = panic::catch_unwind(AssertUnwindSafe(move || drop(batcher)));
        assert!(
            dropped.is_ok(),
            "接收端已经不在时，drop 不应 panic：Drop 里应忽略发送错误（drop 中的 panic 若赶上展开，进程会直接中止）"
        );
    });
}

#[test]
fn flush_if_due_hands_the_items_back_when_the_receiver_is_gone() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        drop(rx);
        // 截止时间为 0：第一条进来时就已经到期，不必等待。
        let mut batcher = Batcher::new(tx, 10, Duration::ZERO);
        batcher.push(7).unwrap();
        let error = batcher.flush_if_due().expect_err(
            "批次已经到期要发送，而接收端已经不在：flush_if_due 应返回 Err，而不是 Ok(true) 或 Ok(false)",
        );
        assert_eq!(
            error.into_inner(),
            vec![7],
            "flush_if_due 发送失败时，错误里应带回这一批数据"
        );
        assert!(
            batcher.is_empty(),
            "这一批已经交还给调用者，Batcher 里不应再留着它"
        );
    });
}

#[test]
fn flush_if_due_does_not_send_before_the_deadline() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let delay = Duration::from_millis(400);
        let mut batcher = Batcher::new(tx, 100, delay);
        batcher.push(1).unwrap();
        let due = batcher.deadline().expect("批次里有数据，应当有截止时间");
        // 这个测试的主题就是时间：等到离截止时间还有 100 毫秒的时候。
        let almost = due - Duration::from_millis(100);
        while Instant::now() < almost {
            thread::sleep(almost - Instant::now());
        }
        let sent = batcher.flush_if_due().expect("接收端还在，不应出错");
        // 只有调用确实发生在截止时间之前，结论才成立（机器很忙时可能已经过了，那就不判）。
        if Instant::now() < due {
            assert!(
                !sent,
                "离截止时间还有将近 100 毫秒，flush_if_due 却发出了这一批：到期的条件是 \
                 现在 >= 第一条进来的时刻 + max_delay，不能提前"
            );
            assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
        }
    });
}

#[test]
fn zero_max_items_is_rejected() {
    deadline(HINT, || {
        let (tx, _rx) = unbounded::<Vec<u32>>();
        let created = panic::catch_unwind(AssertUnwindSafe(move || Batcher::new(tx, 0, NEVER)));
        assert!(
            created.is_err(),
            "max_items 为 0 的批次永远攒不满：按文档，Batcher::new 此时应 panic，而不是造出一个永远不按数量发送的批处理器"
        );
        let (tx, rx) = unbounded();
        let mut batcher = Batcher::new(tx, 1, NEVER);
        batcher.push(5u32).unwrap();
        assert_eq!(
            rx.try_recv(),
            Ok(vec![5]),
            "max_items 为 1 是合法的最小值：每条数据进来就应立即单独发出"
        );
    });
}
