use super::{gather, End, Gathered};
use crossbeam_channel::{bounded, unbounded};
use std::thread;
use std::time::{Duration, Instant};
use test_support::deadline;

const HINT: &str =
    "截止时间是否在循环里每轮都重新创建（after(within) 或 default(within) 写在了 loop 里面）？\
                    那样每收到一条回复它就重新计时，话多的回复者能让 gather 永远不返回。\
                    另外检查：是否用了只等回复通道的 recv()，而没有同时等截止时间？";

/// 截止时间足够长的测试：正确的答案靠“断开”结束，根本等不到它。
const PATIENT: Duration = Duration::from_secs(3);

/// 截止时间必然到期的测试用的短截止时间。
const SHORT: Duration = Duration::from_millis(60);

#[test]
fn buffered_replies_arrive_and_a_closed_channel_ends_at_once() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        for reply in ["a", "b", "c"] {
            tx.send(reply).unwrap();
        }
        drop(tx);
        let started = Instant::now();
        let got = gather(&rx, PATIENT);
        assert_eq!(
            got,
            Gathered {
                replies: vec!["a", "b", "c"],
                end: End::AllDone
            },
            "回复者都已结束：缓冲区里的 3 条回复都要收到，结束原因是 AllDone。\
             recv 臂得到 Err 就说明所有回复者都结束了，这时应立即返回（不要 continue）"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "通道已经断开，gather 应当立即返回，却用了 {:?}：recv 臂收到 Err 时应当结束，\
             而不是继续循环等到截止时间",
            started.elapsed()
        );
    });
}

#[test]
fn no_repliers_at_all() {
    deadline(HINT, || {
        let (tx, rx) = unbounded::<u32>();
        drop(tx);
        let started = Instant::now();
        let got = gather(&rx, PATIENT);
        assert_eq!(
            got,
            Gathered {
                replies: vec![],
                end: End::AllDone
            },
            "没有任何回复者：应立即以 AllDone 结束"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "没有回复者时不必等到截止时间（用了 {:?}）",
            started.elapsed()
        );
    });
}

#[test]
fn every_replier_answers_in_time() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let repliers: Vec<_> = (0..8)
            .map(|id| {
                let tx = tx.clone();
                thread::spawn(move || tx.send(id * 10).unwrap())
            })
            .collect();
        drop(tx);
        let started = Instant::now();
        let mut got = gather(&rx, PATIENT);
        for replier in repliers {
            replier.join().unwrap();
        }
        assert_eq!(
            got.end,
            End::AllDone,
            "8 个回复者都回复并结束了，结束原因应是 AllDone（回复通道断开时应立即返回）"
        );
        got.replies.sort();
        assert_eq!(
            got.replies,
            [0, 10, 20, 30, 40, 50, 60, 70],
            "每个回复者的回复都应恰好收到一次"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "所有回复者结束后应立即返回，而不是等到截止时间（用了 {:?}）",
            started.elapsed()
        );
    });
}

#[test]
fn a_silent_replier_does_not_hold_the_caller_up() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        tx.send("准时的回复").unwrap();

        // 慢的回复者：Sender 活着，但要等测试放行才回复——那时 gather 早该返回了。
        let (release_tx, release_rx) = bounded::<()>(0);
        let slow = thread::spawn(move || {
            let _ = release_rx.recv();
            tx.send("迟到的回复").unwrap();
        });

        let started = Instant::now();
        let got = gather(&rx, SHORT);
        let elapsed = started.elapsed();
        drop(release_tx); // 放行慢的回复者
        slow.join().unwrap();

        assert_eq!(
            got,
            Gathered {
                replies: vec!["准时的回复"],
                end: End::Deadline
            },
            "一个回复者迟迟不回复：截止时间一到就该返回已收到的回复，结束原因是 Deadline"
        );
        assert!(
            elapsed >= SHORT,
            "gather 在截止时间之前（{elapsed:?} < {SHORT:?}）就返回了：通道暂时为空不代表结束，\
             回复者还活着，应当一直等到截止时间"
        );
        assert_eq!(
            rx.try_recv(),
            Ok("迟到的回复"),
            "迟到的回复应当还留在通道里：gather 返回之后不应再取走消息"
        );
    });
}

#[test]
fn a_chatty_replier_cannot_push_the_deadline_back() {
    deadline(HINT, || {
        // 话多的回复者：只要调用者还在接收，就一刻不停地回复。
        let (tx, rx) = bounded(1);
        let chatty = thread::spawn(move || {
            let mut n = 0u64;
            while tx.send(n).is_ok() {
                n += 1;
            }
        });

        let started = Instant::now();
        let got = gather(&rx, SHORT);
        let elapsed = started.elapsed();
        drop(rx); // 话多的回复者的 send 随之失败，线程结束
        chatty.join().unwrap();

        assert_eq!(
            got.end,
            End::Deadline,
            "回复者一直活着，gather 只能因为截止时间而结束"
        );
        assert!(
            elapsed >= SHORT,
            "gather 在截止时间之前（{elapsed:?}）就返回了"
        );
        let expected: Vec<u64> = (0..got.replies.len() as u64).collect();
        assert!(
            got.replies == expected,
            "收到的回复应是 0, 1, 2, … 连续不断的 {} 个数：有回复在 select! 的分支里被丢掉了",
            got.replies.len()
        );
    });
}

#[test]
fn the_deadline_counts_from_the_call_even_without_any_reply() {
    use std::sync::mpsc::{self, RecvTimeoutError};
    deadline(HINT, || {
        // 回复者活着，却一条也不回复。
        let (tx, rx) = unbounded::<u32>();
        let (done_tx, done_rx) = mpsc::channel();
        let started = Instant::now();
        thread::spawn(move || {
            let _ = done_tx.send(gather(&rx, SHORT));
        });
        // 宽松的上限：截止时间之后 2 秒。
        let outcome = done_rx.recv_timeout(SHORT + Duration::from_secs(2));
        let elapsed = started.elapsed();
        drop(tx);
        match outcome {
            Ok(got) => {
                assert_eq!(
                    got,
                    Gathered {
                        replies: vec![],
                        end: End::Deadline
                    },
                    "没有任何回复、回复者都还活着：截止时间一到就该以 Deadline 返回"
                );
                assert!(
                    elapsed >= SHORT,
                    "gather 在截止时间之前（{elapsed:?} < {SHORT:?}）就返回了"
                );
            }
            Err(RecvTimeoutError::Timeout) => panic!(
                "一条回复也没有、回复者都还活着：截止时间是 {SHORT:?}，gather 过了 {elapsed:?} 还没有返回。\
                 截止时间从调用 gather 时算起——是不是等到第一条回复才开始计时，或者只用 recv() 等回复？"
            ),
            Err(RecvTimeoutError::Disconnected) => panic!("gather panic 了（还是 todo!()？）"),
        }
    });
}

#[test]
fn replies_that_are_always_ready_cannot_push_the_deadline_back() {
    use std::sync::mpsc::{self, RecvTimeoutError};
    deadline(HINT, || {
        // 一个永远“有回复可取”的通道：tick 每 1 微秒一拍，从不断开。每一轮 select 都有回复
        // 立即可取，所以逐条重新计时的截止时间永远到不了；整体的截止时间照样到点。
        const WITHIN: Duration = Duration::from_millis(150);
        let (done_tx, done_rx) = mpsc::channel();
        let started = Instant::now();
        thread::spawn(move || {
            let replies = crossbeam_channel::tick(Duration::from_micros(1));
            let _ = done_tx.send(gather(&replies, WITHIN).end);
        });
        match done_rx.recv_timeout(WITHIN + Duration::from_secs(2)) {
            Ok(end) => {
                assert_eq!(end, End::Deadline, "回复者一直活着，gather 只能因为截止时间而结束");
                assert!(
                    started.elapsed() >= WITHIN,
                    "gather 在截止时间之前就返回了"
                );
            }
            Err(RecvTimeoutError::Timeout) => panic!(
                "回复源源不断，截止时间是 {WITHIN:?}，gather 过了 {:?} 还在收：截止时间到了还在收。\
                 截止时间是否在循环里每轮都重新创建（after(within) 或 default(within) 写在了 loop 里面）？\
                 它应当在循环外面只创建一次",
                started.elapsed()
            ),
            Err(RecvTimeoutError::Disconnected) => panic!("gather panic 了（还是 todo!()？）"),
        }
    });
}
