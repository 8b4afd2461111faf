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
            },
            "空的通道、Sender 已全部 drop：应立即以 Disconnected 结束（断开和超时是两种不同的错误）"
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

#[test]
fn quiet_is_measured_from_the_last_message() {
    deadline(HINT, || {
        // 时间本身就是主题：消息每 40 ms 来一条，一共 200 ms，比 quiet（150 ms）长，
        // 但任何两条之间都远没有安静 150 ms。“安静”从最后一条消息算起，不是从开始算起。
        const GAP: Duration = Duration::from_millis(40);
        const PATIENT_QUIET: Duration = Duration::from_millis(150);
        let (tx, rx) = mpsc::channel();
        let producer = thread::spawn(move || {
            for n in 0..5 {
                thread::sleep(GAP);
                tx.send(n).unwrap();
            }
        });
        let got = collect_until_quiet(&rx, PATIENT_QUIET);
        producer.join().unwrap();
        assert_eq!(
            got,
            Collected {
                messages: vec![0, 1, 2, 3, 4],
                end: End::Disconnected
            },
            "消息每 {GAP:?} 来一条，从没有安静过 {PATIENT_QUIET:?}，最后生产者结束、通道断开：\
             “安静”应从最后一条消息算起（每次都用 recv_timeout(quiet)），而不是从开始收集算起的总时限"
        );
    });
}

#[test]
fn waiting_for_quiet_does_not_spin() {
    use test_support::{assert_not_spinning, current_os_thread_id};
    deadline(HINT, || {
        let (tx, rx) = mpsc::channel::<u32>();
        let (tid_tx, tid_rx) = mpsc::channel();
        // 收集者线程先报上自己的线程编号，测试才能量它的 CPU 时间。
        let collector = thread::spawn(move || {
            tid_tx.send(current_os_thread_id()).unwrap();
            collect_until_quiet(&rx, Duration::from_millis(400))
        });
        // Sender 活着，但什么也不发：收集者应当阻塞在 recv_timeout 上。
        if let Some(tid) = tid_rx.recv().unwrap() {
            assert_not_spinning(&[tid], Duration::from_millis(200), "收集消息的线程");
        }
        let got = collector.join().expect("collect_until_quiet panic 了");
        assert_eq!(
            got.end,
            End::Quiet,
            "Sender 还活着却没有消息，应以 Quiet 结束"
        );
        drop(tx);
    });
}
