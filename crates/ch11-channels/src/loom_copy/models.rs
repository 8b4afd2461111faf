//! loom 模型：每一步几个小场景，每个在几秒之内穷举完所有交错。
//!
//! 模型都很小（两三个线程、两三条消息）：loom 的搜索空间随操作数指数增长，
//! 而并发错误几乎总能在最小的场景里出现。

use loom::thread;

use super::sync::{Arc, AtomicBool, Ordering};
use super::{s1_mutex_condvar, s2_bounded, s3_oneshot, s4_spsc_ring, s5_blocking};

/// 限制每次执行中的抢占次数：绝大多数并发错误只需要两三次抢占就能出现，
/// 这个界让每个模型在几秒内跑完。
fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(f);
}

#[test]
fn s1_two_senders_every_message_then_disconnect() {
    model(|| {
        let (tx, rx) = s1_mutex_condvar::channel();
        let tx2 = tx.clone();
        let t = thread::spawn(move || tx2.send(2).unwrap());
        tx.send(1).unwrap();
        drop(tx);
        let mut got = vec![rx.recv().unwrap(), rx.recv().unwrap()];
        got.sort();
        assert_eq!(got, [1, 2]);
        assert_eq!(rx.recv(), Err(s1_mutex_condvar::RecvError));
        t.join().unwrap();
    });
}

#[test]
fn s1_send_after_receiver_left_returns_the_message() {
    model(|| {
        let (tx, rx) = s1_mutex_condvar::channel();
        let t = thread::spawn(move || drop(rx));
        // 接收者可能还在，也可能已经走了：两种结果都对，但消息不能凭空消失。
        match tx.send(7) {
            Ok(()) => {}
            Err(s1_mutex_condvar::SendError(back)) => assert_eq!(back, 7),
        }
        t.join().unwrap();
    });
}

#[test]
fn s2_capacity_one_keeps_order_and_blocks() {
    model(|| {
        let (tx, rx) = s2_bounded::channel(1);
        let t = thread::spawn(move || {
            for i in 0..3 {
                tx.send(i).unwrap();
            }
        });
        for i in 0..3 {
            assert_eq!(rx.recv().unwrap(), i);
        }
        assert!(rx.recv().is_err());
        t.join().unwrap();
    });
}

// ANCHOR: s2_notify_all
#[test]
fn s2_dropping_the_receiver_wakes_every_blocked_sender() {
    model(|| {
        let (tx, rx) = s2_bounded::channel(1);
        tx.send(0).unwrap(); // 塞满
        let tx2 = tx.clone();
        let a = thread::spawn(move || tx.send(1));
        let b = thread::spawn(move || tx2.send(2));
        drop(rx);
        // 两个发送者都必须醒来并失败；notify_one 只会叫醒一个，loom 会报告死锁。
        assert!(a.join().unwrap().is_err());
        assert!(b.join().unwrap().is_err());
    });
}
// ANCHOR_END: s2_notify_all

// ANCHOR: s3_model
#[test]
fn s3_message_is_seen_whole() {
    model(|| {
        let (tx, rx) = s3_oneshot::channel();
        let t = thread::spawn(move || tx.send(vec![1, 2, 3]));
        assert_eq!(rx.recv(), Ok(vec![1, 2, 3]));
        t.join().unwrap();
    });
}
// ANCHOR_END: s3_model

#[test]
fn s3_sender_dropped_without_sending() {
    model(|| {
        let (tx, mut rx) = s3_oneshot::channel::<u32>();
        let t = thread::spawn(move || drop(tx));
        let first = rx.try_recv();
        assert!(
            first == Err(s3_oneshot::TryRecvError::Empty)
                || first == Err(s3_oneshot::TryRecvError::Disconnected)
        );
        t.join().unwrap();
        assert_eq!(rx.recv(), Err(s3_oneshot::RecvError));
    });
}

#[test]
fn s3_unreceived_message_is_dropped_by_whoever_leaves_last() {
    model(|| {
        let (tx, rx) = s3_oneshot::channel();
        let token = Arc::new(());
        let sent = Arc::clone(&token);
        let t = thread::spawn(move || tx.send(sent));
        drop(rx);
        t.join().unwrap();
        // 消息里的 Arc 被 drop 了恰好一次（loom 也会检查 Arc 没有泄漏）。
        assert_eq!(Arc::strong_count(&token), 1);
    });
}

#[test]
fn s4_ring_delivers_in_order_across_wraparound() {
    model(|| {
        let (mut tx, mut rx) = s4_spsc_ring::channel(2);
        let t = thread::spawn(move || {
            for i in 0..3 {
                let mut item = i;
                while let Err(back) = tx.push(item) {
                    item = back;
                    thread::yield_now();
                }
            }
        });
        for i in 0..3 {
            loop {
                if let Some(got) = rx.pop() {
                    assert_eq!(got, i);
                    break;
                }
                thread::yield_now();
            }
        }
        t.join().unwrap();
    });
}

#[test]
fn s4_leftover_messages_are_dropped_with_the_ring() {
    model(|| {
        let (mut tx, rx) = s4_spsc_ring::channel(2);
        let token = Arc::new(());
        tx.push(Arc::clone(&token)).unwrap();
        let t = thread::spawn(move || drop(rx));
        drop(tx);
        t.join().unwrap();
        assert_eq!(Arc::strong_count(&token), 1);
    });
}

#[test]
fn s5_blocking_channel_delivers_everything_then_disconnects() {
    // 不 join：loom 0.7 里 park/unpark 与 join 同用会触发它自己的断言（loom issue #249）。
    // loom 总会把每个线程运行到结束，线程里的断言照样生效。
    model(|| {
        let (mut tx, mut rx) = s5_blocking::channel(1);
        thread::spawn(move || {
            for i in 0..2 {
                tx.send(i).unwrap();
            }
        });
        assert_eq!(rx.recv(), Ok(0));
        assert_eq!(rx.recv(), Ok(1));
        assert!(rx.recv().is_err());
    });
}

#[test]
fn s5_dropping_the_receiver_wakes_a_full_sender() {
    // 不 join：loom 0.7 里 park/unpark 与 join 同用会触发它自己的断言（loom issue #249）。
    // loom 总会把每个线程运行到结束，线程里的断言照样生效。
    model(|| {
        let (mut tx, rx) = s5_blocking::channel(1);
        tx.send(0).unwrap();
        thread::spawn(move || drop(rx));
        // 缓冲区已满、接收者又不取：这次 send 只能等到接收者离开，然后失败。
        assert!(tx.send(1).is_err());
    });
}

/// 一个线程等 `flag`，另一个线程设置它并叫醒等待者：登记—检查—睡的正确顺序从不死锁。
#[test]
fn s5_register_then_check_never_loses_the_wakeup() {
    // 不 join：loom 0.7 里 park/unpark 与 join 同用会触发它自己的断言（loom issue #249）。
    // loom 总会把每个线程运行到结束，线程里的断言照样生效。
    model(|| {
        let waiter = Arc::new(s5_blocking::Waiter::new());
        let flag = Arc::new(AtomicBool::new(false));
        let (w, f) = (Arc::clone(&waiter), Arc::clone(&flag));
        thread::spawn(move || {
            f.store(true, Ordering::Release);
            w.wake();
        });
        waiter.wait_until(|| flag.load(Ordering::Acquire));
    });
}

/// 同一个场景，顺序反过来（先检查、后登记）：loom 找到了那个交错——唤醒落在检查和登记
/// 之间，等待者永远睡下去——并报告死锁。
///
/// loom 报告死锁之后，在清理被卡住的线程时会再 panic 一次，进程随即中止（abort），
/// `#[should_panic]` 接不住。所以这个模型放在 [`LOST_WAKEUP_MODEL`] 里，由下一个测试
/// 在子进程中运行，并断言子进程失败、输出里有 loom 的 "deadlock"。
// ANCHOR: s5_lost
#[test]
fn s5_lost_wakeup_model() {
    if std::env::var_os(RUN_LOST_WAKEUP).is_none() {
        return; // 只在子进程里运行
    }
    model(|| {
        let waiter = Arc::new(s5_blocking::Waiter::new());
        let flag = Arc::new(AtomicBool::new(false));
        let (w, f) = (Arc::clone(&waiter), Arc::clone(&flag));
        thread::spawn(move || {
            f.store(true, Ordering::Release);
            w.wake();
        });
        waiter.wait_until_check_then_register(|| flag.load(Ordering::Acquire));
    });
}
// ANCHOR_END: s5_lost

const RUN_LOST_WAKEUP: &str = "CH11_RUN_LOST_WAKEUP_MODEL";
const LOST_WAKEUP_MODEL: &str = "loom_copy::models::s5_lost_wakeup_model";

#[test]
fn s5_check_then_register_loses_a_wakeup_and_loom_finds_it() {
    let exe = std::env::current_exe().expect("找不到测试程序本身");
    let out = std::process::Command::new(exe)
        .args([
            LOST_WAKEUP_MODEL,
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(RUN_LOST_WAKEUP, "1")
        .output()
        .expect("无法启动运行 loom 模型的子进程");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("deadlock"),
        "loom 应该在“先检查、后登记”的等待里找到丢失的唤醒并报告 deadlock；\n\
         子进程状态 {:?}，stderr：\n{stderr}",
        out.status
    );
}
