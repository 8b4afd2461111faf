use super::{collect_until_quiet, Collected, End};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};
use test_support::deadline;

const HINT: &str = "是否用了 recv() 而不是 recv_timeout()？recv() 在 Sender 还活着时会一直等下去";

/// 安静的判定时间：短，测试才快；Sender 活着的测试里它必然到期。
const QUIET: Duration = Duration::from_millis(50);

#[test]
fn buffered_messages_arrive_after_every_sender_is_dropped() {
    deadline(HINT, || {
        let (tx, rx) = mpsc::channel();
        for n in [1, 2, 3] {
            tx.send(n).unwrap();
        }
        drop(tx);
        assert_eq!(
            collect_until_quiet(&rx, QUIET),
            Collected {
                messages: vec![1, 2, 3],
                end: End::Disconnected
            },
            "Sender 全部 drop 之后，缓冲区里的 3 条消息仍然要收到，结束原因是 Disconnected"
        );
    });
}

#[test]
fn an_empty_disconnected_channel_ends_at_once() {
    deadline(HINT, || {
        let (tx, rx) = mpsc::channel::<u8>();
        drop(tx);
        let started = Instant::now();
        let got = collect_until_quiet(&rx, Duration::from_secs(3));
        assert_eq!(
            got,
            Collected {
                messages: vec![],
                end: End::Disconnected
            }
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "通道已断开时应立即结束，而不是等满 quiet：断开和超时是两种不同的错误"
        );
    });
}

#[test]
fn a_live_but_silent_sender_ends_with_quiet() {
    deadline(HINT, || {
        let (tx, rx) = mpsc::channel();
        tx.send("a").unwrap();
        tx.send("b").unwrap();
        // tx 一直活到函数结束：通道没有断开，只是没有新消息。
        let started = Instant::now();
        let got = collect_until_quiet(&rx, QUIET);
        let waited = started.elapsed();
        assert_eq!(
            got,
            Collected {
                messages: vec!["a", "b"],
                end: End::Quiet
            },
            "Sender 还活着时，等不到消息应当以 Quiet 结束，而不是 Disconnected"
        );
        assert!(
            waited >= QUIET,
            "只等了 {waited:?} 就判定“安静”，没有等满 quiet（{QUIET:?}）：\
             是不是把 try_recv 的 Empty（“此刻没有”）当成了“安静”？"
        );
        drop(tx);
    });
}

#[test]
fn messages_from_another_thread_all_arrive_in_order() {
    deadline(HINT, || {
        let (tx, rx) = mpsc::channel();
        let producer = thread::spawn(move || {
            for n in 0..500 {
                tx.send(n).unwrap();
            }
            // 线程结束时 tx 被 drop，通道断开。
        });
        // quiet 给得很长：正确的答案靠“断开”结束，根本等不到它。
        let got = collect_until_quiet(&rx, Duration::from_secs(3));
        producer.join().unwrap();
        assert_eq!(
            got.end,
            End::Disconnected,
            "生产者线程结束后通道断开，结束原因应为 Disconnected"
        );
        assert_eq!(
            got.messages,
            (0..500).collect::<Vec<_>>(),
            "应按发送顺序收到全部 500 条消息（是不是用 try_recv 在通道暂时为空时就提前返回了？）"
        );
    });
}
