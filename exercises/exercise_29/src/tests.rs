use super::{channel, RecvError, SendError, TrySendError};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "测试卡住了：有线程在 wait 上永远等待。检查每次状态变化（放进、取出、最后一端离开）之后是否通知了对应的条件变量。";

const HINT_WAKE_RECEIVERS: &str =
    "几个接收者都在等空队列，最后一个 Sender 离开之后，有接收者没有醒来：\
     最后一个 Sender 离开时，要用 notify_all 叫醒所有在等的接收者（notify_one 只叫醒一个）。";

const HINT_WAKE_SENDERS: &str =
    "几个发送者都在等空位，最后一个 Receiver 离开之后，有发送者没有醒来：\
     最后一个 Receiver 离开时，要叫醒所有在等空位的发送者（not_full.notify_all），\
     它们醒来看到接收者没了，返回 Err。";

const HINT_WHILE: &str =
    "有线程永远在等，或者收发提前结束了：wait 醒来后是否用 while 重新检查了条件？\
     醒来不等于条件成立——另一个线程可能抢先取走了消息或用掉了空位。";

/// 在测试线程里拿着 `handle` 运行 `body`。`body` panic 时（断言失败，或者实现本身 panic，
/// 例如计数减成负数、锁中毒）先忘掉句柄再继续 panic：出错的实现在 drop 里很可能再 panic
/// 一次，而 panic 途中的第二次 panic 会让整个测试进程中止，所有信息都看不到了。
fn run_with<H, R>(handle: H, body: impl FnOnce(&H) -> R) -> R {
    match panic::catch_unwind(AssertUnwindSafe(|| body(&handle))) {
        Ok(result) => result,
        Err(payload) => {
            std::mem::forget(handle);
            panic::resume_unwind(payload)
        }
    }
}

/// 重复的轮数：只要有一轮里两个以上的线程已经在等，只叫醒一个的实现就会卡住。
const ROUNDS: usize = 100;

#[test]
fn buffered_messages_still_arrive_after_every_sender_left() {
    deadline(HINT, || {
        let (tx, rx) = channel(4);
        tx.send(1).unwrap();
        tx.send(2).unwrap();
        drop(tx);
        let got = (rx.recv(), rx.recv());
        assert_eq!(
            got,
            (Ok(1), Ok(2)),
            "发送者离开前发出的消息必须照样送达：recv 要先从队列里取，队列空了才看发送者还在不在"
        );
        assert_eq!(
            rx.recv(),
            Err(RecvError),
            "队列空了、发送者都走了，recv 应该返回 Err(RecvError)"
        );
    });
}

#[test]
fn try_send_fills_exactly_to_capacity() {
    deadline(HINT, || {
        for capacity in [1, 2, 5] {
            let (tx, rx) = channel(capacity);
            assert!(rx.is_empty(), "新建的通道应该是空的");
            for i in 0..capacity {
                assert!(
                    tx.try_send(i).is_ok(),
                    "容量 {capacity} 的通道第 {} 条就放不进去了：满的判断差了一个（应是 len == capacity）",
                    i + 1
                );
            }
            assert_eq!(
                tx.try_send(99),
                Err(TrySendError::Full(99)),
                "容量 {capacity} 的通道放进了第 {} 条：满的判断差了一个（应是 len == capacity）",
                capacity + 1
            );
            assert_eq!(rx.len(), capacity, "len() 应该是队列里的消息条数");
            assert!(!rx.is_empty());
            assert_eq!(rx.recv(), Ok(0));
            assert!(tx.try_send(100).is_ok(), "取走一条之后应该又有一个空位");
            assert_eq!(tx.try_send(101), Err(TrySendError::Full(101)));
        }
    });
}

#[test]
fn the_channel_stays_open_while_any_clone_lives() {
    deadline(HINT, || {
        let (tx, rx) = channel(2);
        let rx2 = rx.clone();
        drop(rx);
        if tx.send(1).is_err() {
            // 计数已经错了，这两个句柄的 drop 很可能再 panic 一次（计数减到负数）；
            // 在 panic 途中再 panic 会让整个测试进程中止，所以先把它们忘掉。
            std::mem::forget(rx2);
            std::mem::forget(tx);
            panic!(
                "还有一个克隆的 Receiver 活着，send 却失败了：Receiver 的 clone 要把接收者计数加一"
            );
        }
        assert_eq!(rx2.recv(), Ok(1));
        let tx2 = tx.clone();
        drop(tx);
        tx2.send(2).unwrap();
        assert_eq!(
            rx2.recv(),
            Ok(2),
            "还有一个克隆的 Sender 活着，通道不该断开：Sender 的 clone 要把发送者计数加一"
        );
        drop(rx2);
        assert_eq!(
            tx2.send(3),
            Err(SendError(3)),
            "所有 Receiver 都走了，send 应该返回 Err，并把消息原样退回"
        );
        assert_eq!(tx2.try_send(4), Err(TrySendError::Disconnected(4)));
    });
}

#[test]
fn last_sender_leaving_wakes_every_waiting_receiver() {
    deadline(HINT_WAKE_RECEIVERS, || {
        for _ in 0..ROUNDS {
            let (tx, rx) = channel::<u32>(1);
            let start = Arc::new(Barrier::new(4));
            let receivers: Vec<_> = (0..3)
                .map(|_| {
                    let (rx, start) = (rx.clone(), Arc::clone(&start));
                    thread::spawn(move || {
                        start.wait();
                        run_with(rx, |rx| rx.recv())
                    })
                })
                .collect();
            drop(rx);
            start.wait();
            drop(tx);
            for r in receivers {
                assert_eq!(r.join().unwrap(), Err(RecvError));
            }
        }
    });
}

#[test]
fn last_receiver_leaving_wakes_every_waiting_sender() {
    deadline(HINT_WAKE_SENDERS, || {
        for _ in 0..ROUNDS {
            let (tx, rx) = channel(1);
            tx.send(0).unwrap(); // 塞满：之后的 send 都要等
            let start = Arc::new(Barrier::new(4));
            let senders: Vec<_> = (1..=3)
                .map(|i| {
                    let (tx, start) = (tx.clone(), Arc::clone(&start));
                    thread::spawn(move || {
                        start.wait();
                        run_with(tx, |tx| tx.send(i))
                    })
                })
                .collect();
            drop(tx);
            start.wait();
            drop(rx);
            for (i, s) in (1..=3).zip(senders) {
                assert_eq!(
                    s.join().unwrap(),
                    Err(SendError(i)),
                    "接收者都走了，等空位的 send 必须返回 Err 并退回消息"
                );
            }
        }
    });
}

#[test]
fn three_producers_three_consumers_every_message_once() {
    const PER_PRODUCER: u32 = 3_000;
    const CAPACITY: usize = 2;
    deadline(HINT_WHILE, || {
        let (tx, rx) = channel(CAPACITY);
        let producers_done = Arc::new(AtomicUsize::new(0));
        let producers: Vec<_> = (0..3u32)
            .map(|p| {
                let (tx, done) = (tx.clone(), Arc::clone(&producers_done));
                thread::spawn(move || {
                    run_with(tx, |tx| {
                        for i in 0..PER_PRODUCER {
                            tx.send(p * PER_PRODUCER + i).unwrap();
                        }
                        // 先计数、后 drop tx（run_with 返回时）：接收者看到断开时，计数一定已经是 3。
                        done.fetch_add(1, Ordering::SeqCst);
                    });
                })
            })
            .collect();
        drop(tx);
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                let (rx, done) = (rx.clone(), Arc::clone(&producers_done));
                thread::spawn(move || {
                    run_with(rx, |rx| {
                    let mut got = Vec::new();
                    loop {
                        match rx.recv() {
                            Ok(v) => got.push(v),
                            Err(RecvError) if done.load(Ordering::SeqCst) == 3 => return got,
                            Err(RecvError) => panic!(
                                "recv 在还有 Sender 活着时返回了 Err：wait 醒来后要用 while 重新检查条件，\
                                 醒来不等于队列里有消息"
                            ),
                        }
                        let len = rx.len();
                        assert!(
                            len <= CAPACITY,
                            "队列里有 {len} 条，超过了容量 {CAPACITY}：send 里等空位要用 while 重新检查条件"
                        );
                    }
                    })
                })
            })
            .collect();
        drop(rx);
        for p in producers {
            p.join().unwrap();
        }
        let received: Vec<u32> = consumers
            .into_iter()
            .flat_map(|c| match c.join() {
                Ok(got) => got,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect();
        let sent: Vec<u32> = (0..3 * PER_PRODUCER).collect();
        assert_exactly_once(&sent, &received);
    });
}

#[test]
#[should_panic(expected = "容量必须至少为 1")]
fn capacity_zero_is_rejected() {
    // 容量 0 是当面交接，需要另一种协议；这个通道在创建时就拒绝它。
    let _ = channel::<u8>(0);
}

#[test]
fn errors_print_without_the_message() {
    // 错误里带着退回的消息，但 Debug 不要求 T: Debug，所以只打印种类。
    assert_eq!(format!("{:?}", SendError(1)), "SendError(..)");
    assert_eq!(format!("{:?}", TrySendError::Full(1)), "Full(..)");
    assert_eq!(
        format!("{:?}", TrySendError::Disconnected(1)),
        "Disconnected(..)"
    );
}
