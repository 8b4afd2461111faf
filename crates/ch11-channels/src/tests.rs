//! 普通的压力测试：真实线程、真实的标准库原语，规模有上限，每个都在截止时间内结束。

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use test_support::deadline;

use crate::{s1_mutex_condvar, s2_bounded, s3_oneshot, s4_spsc_ring, s5_blocking};

/// 压力测试的规模；慢机器上可以调小。
const N: u64 = 20_000;
const HINT: &str = "通道的某一侧在等一个永远不会来的通知：检查每次状态变化之后是否都叫醒了对方。";

/// 每个生产者发 `0..N` 加上自己的编号，接收方按生产者检查先后顺序、按总数检查不丢不重。
fn check_per_producer_fifo(received: &[(usize, u64)], producers: usize) {
    let mut next = vec![0; producers];
    for &(p, i) in received {
        assert_eq!(
            i, next[p],
            "生产者 {p} 的消息乱序或丢失：期望 {}，收到 {i}",
            next[p]
        );
        next[p] += 1;
    }
    assert!(
        next.iter().all(|&n| n == N),
        "有消息丢失：各生产者送达 {next:?}"
    );
}

#[test]
fn s1_four_producers_every_message_once_in_order() {
    deadline(HINT, || {
        let (tx, rx) = s1_mutex_condvar::channel();
        let handles: Vec<_> = (0..4)
            .map(|p| {
                let tx = tx.clone();
                thread::spawn(move || (0..N).for_each(|i| tx.send((p, i)).unwrap()))
            })
            .collect();
        drop(tx);
        let mut got = Vec::new();
        while let Ok(m) = rx.recv() {
            got.push(m);
        }
        handles.into_iter().for_each(|h| h.join().unwrap());
        check_per_producer_fifo(&got, 4);
    });
}

#[test]
fn s1_the_four_cells_of_disconnection() {
    deadline(HINT, || {
        // 发送者都走了，缓冲里的消息照样送达，然后 Err。
        let (tx, rx) = s1_mutex_condvar::channel();
        tx.send(1).unwrap();
        drop(tx);
        assert_eq!(rx.recv(), Ok(1));
        assert_eq!(rx.recv(), Err(s1_mutex_condvar::RecvError));
        // 接收者走了，send 把消息退回来。
        let (tx, rx) = s1_mutex_condvar::channel();
        drop(rx);
        assert_eq!(tx.send(2), Err(s1_mutex_condvar::SendError(2)));
        // 还有一个克隆的发送者活着：通道没有断开。
        let (tx, rx) = s1_mutex_condvar::channel();
        let tx2 = tx.clone();
        drop(tx);
        tx2.send(3).unwrap();
        assert_eq!(rx.recv(), Ok(3));
        drop(tx2);
        assert!(rx.recv().is_err());
    });
}

#[test]
fn s1_receiver_blocked_on_empty_wakes_when_last_sender_leaves() {
    deadline(HINT, || {
        let (tx, rx) = s1_mutex_condvar::channel::<u32>();
        let t = thread::spawn(move || rx.recv());
        drop(tx);
        assert_eq!(t.join().unwrap(), Err(s1_mutex_condvar::RecvError));
    });
}

#[test]
fn s2_bounded_never_holds_more_than_capacity() {
    deadline(HINT, || {
        let (tx, rx) = s2_bounded::channel(4);
        for i in 0..4 {
            tx.send(i).unwrap();
        }
        // 第 5 条必须等：另一个线程发，我们先确认它还没有完成，再收一条放它过去。
        let sent = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&sent);
        let t = thread::spawn(move || {
            tx.send(4).unwrap();
            flag.store(1, Ordering::SeqCst);
        });
        // 缓冲区已满：不管另一个线程跑到了哪里，第 5 条都不可能已经发出去。
        assert_eq!(sent.load(Ordering::SeqCst), 0, "容量 4 的通道放进了第 5 条");
        assert_eq!(rx.recv(), Ok(0));
        t.join().unwrap();
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        let rest: Vec<_> = std::iter::from_fn(|| rx.recv().ok()).collect();
        assert_eq!(rest, [1, 2, 3, 4]);
    });
}

#[test]
fn s2_four_producers_capacity_two() {
    deadline(HINT, || {
        let (tx, rx) = s2_bounded::channel(2);
        let handles: Vec<_> = (0..4)
            .map(|p| {
                let tx = tx.clone();
                thread::spawn(move || (0..N).for_each(|i| tx.send((p, i)).unwrap()))
            })
            .collect();
        drop(tx);
        let got: Vec<_> = std::iter::from_fn(|| rx.recv().ok()).collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        check_per_producer_fifo(&got, 4);
    });
}

#[test]
fn s2_dropping_the_receiver_wakes_every_blocked_sender() {
    deadline(HINT, || {
        let (tx, rx) = s2_bounded::channel(1);
        tx.send(0).unwrap();
        let ready = Arc::new(Barrier::new(4));
        let handles: Vec<_> = (1..=3)
            .map(|i| {
                let (tx, ready) = (tx.clone(), Arc::clone(&ready));
                thread::spawn(move || {
                    ready.wait();
                    tx.send(i)
                })
            })
            .collect();
        ready.wait();
        drop(rx);
        for h in handles {
            assert!(
                h.join().unwrap().is_err(),
                "接收者走了，被挡住的 send 必须返回 Err"
            );
        }
    });
}

#[test]
fn s3_oneshot_across_threads_many_times() {
    deadline(HINT, || {
        for i in 0..2_000u64 {
            let (tx, rx) = s3_oneshot::channel();
            let t = thread::spawn(move || tx.send(Box::new(i)));
            assert_eq!(rx.recv(), Ok(Box::new(i)));
            t.join().unwrap();
        }
    });
}

#[test]
fn s3_try_recv_walks_through_the_states() {
    let (tx, mut rx) = s3_oneshot::channel();
    assert_eq!(rx.try_recv(), Err(s3_oneshot::TryRecvError::Empty));
    tx.send(5);
    assert_eq!(rx.try_recv(), Ok(5));
    assert_eq!(rx.try_recv(), Err(s3_oneshot::TryRecvError::Disconnected));
    let (tx, rx) = s3_oneshot::channel::<u8>();
    drop(tx);
    assert_eq!(rx.recv(), Err(s3_oneshot::RecvError));
}

/// 数 drop 次数的消息。
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn s3_unreceived_message_is_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = s3_oneshot::channel();
    tx.send(Counted(Arc::clone(&drops)));
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    drop(rx);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "没人取走的消息必须被 drop 恰好一次"
    );
    let (tx, rx) = s3_oneshot::channel::<Counted>();
    drop(rx);
    drop(tx);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "没发过消息就不能 drop 任何东西"
    );
}

fn spin_push<T, I: s4_spsc_ring::Index>(tx: &mut s4_spsc_ring::Producer<T, I>, mut item: T) {
    while let Err(back) = tx.push(item) {
        item = back;
        std::hint::spin_loop();
        thread::yield_now();
    }
}

fn ring_stress<I: s4_spsc_ring::Index>(capacity: usize) {
    let (mut tx, mut rx) = s4_spsc_ring::with_index::<u64, I>(capacity);
    let t = thread::spawn(move || (0..N).for_each(|i| spin_push(&mut tx, i)));
    let mut next = 0;
    while next < N {
        if let Some(got) = rx.pop() {
            assert_eq!(got, next, "环形缓冲区乱序或丢失");
            next += 1;
        } else {
            thread::yield_now();
        }
    }
    assert_eq!(rx.pop(), None);
    t.join().unwrap();
}

#[test]
fn s4_ring_in_order_for_several_capacities() {
    deadline(HINT, || {
        for capacity in [1, 2, 3, 16, 1024] {
            ring_stress::<s4_spsc_ring::Padded>(capacity);
        }
        ring_stress::<s4_spsc_ring::Unpadded>(7);
    });
}

#[test]
fn s4_full_and_empty_are_exact() {
    let (mut tx, mut rx) = s4_spsc_ring::channel(3);
    assert_eq!(rx.pop(), None::<u8>);
    for i in 0..3 {
        tx.push(i).unwrap();
    }
    assert_eq!(tx.push(9), Err(9), "容量 3 的环只能放 3 条");
    assert_eq!(tx.slots(), 0);
    assert_eq!(rx.pop(), Some(0));
    tx.push(3).unwrap();
    // 绕回好几圈之后仍然准确。
    for round in 0..10u8 {
        assert_eq!(rx.pop(), Some(round + 1));
        tx.push(round + 4).unwrap();
        assert_eq!(tx.push(99), Err(99));
    }
}

#[test]
fn s4_leftover_messages_are_dropped_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (mut tx, mut rx) = s4_spsc_ring::channel(4);
    for _ in 0..6 {
        // 取走两条，绕到第二圈。
        let _ = tx.push(Counted(Arc::clone(&drops)));
        if drops.load(Ordering::SeqCst) < 2 {
            drop(rx.pop());
        }
    }
    let before = drops.load(Ordering::SeqCst);
    drop(tx);
    drop(rx);
    assert_eq!(
        drops.load(Ordering::SeqCst) - before,
        4,
        "环里剩下的 4 条必须各 drop 一次"
    );
}

#[test]
fn s5_blocking_spsc_small_capacity() {
    deadline(HINT, || {
        let (mut tx, mut rx) = s5_blocking::channel(2);
        let t = thread::spawn(move || (0..N).for_each(|i| tx.send(i).unwrap()));
        for i in 0..N {
            assert_eq!(rx.recv(), Ok(i));
        }
        assert!(rx.recv().is_err(), "发送者走了，recv 应该返回 Err");
        t.join().unwrap();
    });
}

#[test]
fn s5_ping_pong() {
    deadline(HINT, || {
        let (mut ping, mut ping_rx) = s5_blocking::channel(1);
        let (mut pong, mut pong_rx) = s5_blocking::channel(1);
        let t = thread::spawn(move || {
            while let Ok(i) = ping_rx.recv() {
                pong.send(i + 1).unwrap();
            }
        });
        for i in 0..5_000u64 {
            ping.send(i).unwrap();
            assert_eq!(pong_rx.recv(), Ok(i + 1));
        }
        drop(ping);
        t.join().unwrap();
    });
}

#[test]
fn s5_disconnection_wakes_the_other_side() {
    deadline(HINT, || {
        let (tx, mut rx) = s5_blocking::channel::<u8>(1);
        let t = thread::spawn(move || rx.recv());
        drop(tx);
        assert!(t.join().unwrap().is_err());

        let (mut tx, rx) = s5_blocking::channel(1);
        tx.send(1).unwrap();
        let t = thread::spawn(move || tx.send(2));
        drop(rx);
        assert_eq!(t.join().unwrap(), Err(s1_mutex_condvar::SendError(2)));
    });
}

#[test]
fn s5_messages_sent_before_disconnect_still_arrive() {
    let (mut tx, mut rx) = s5_blocking::channel(4);
    for i in 0..3 {
        tx.send(i).unwrap();
    }
    drop(tx);
    let got: BTreeSet<_> = std::iter::from_fn(|| rx.recv().ok()).collect();
    assert_eq!(got, (0..3).collect());
}
