//! 第 2 步：有界通道——两个条件变量（“不满”和“不空”），以及断开时叫醒所有等待者。
//!
//! 和第 1 步相比，变化都标了 `// 新增`。

use std::collections::VecDeque;

use super::s1_mutex_condvar::{RecvError, SendError};
use super::sync::{Arc, Condvar, Mutex};

#[derive(Debug)]
struct State<T> {
    queue: VecDeque<T>,
    capacity: usize, // 新增
    senders: usize,
    receiver_alive: bool,
}

// ANCHOR: shared
#[derive(Debug)]
struct Shared<T> {
    state: Mutex<State<T>>,
    /// 队列里有了消息，或发送者全部离开：叫醒接收者。
    not_empty: Condvar,
    /// 队列腾出了位置，或接收者离开：叫醒发送者。
    not_full: Condvar, // 新增
}
// ANCHOR_END: shared

/// 发送端，可以克隆；多个发送者可能同时在 `not_full` 上等待。
#[derive(Debug)]
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// 接收端，只有一个。
#[derive(Debug)]
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// 容量至少为 1；容量 0（当面交接）需要另一种协议，本章不做。
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(capacity > 0, "容量必须至少为 1"); // 新增
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::with_capacity(capacity), // 新增
            capacity,                                 // 新增
            senders: 1,
            receiver_alive: true,
        }),
        not_empty: Condvar::new(),
        not_full: Condvar::new(), // 新增
    });
    let tx = Sender {
        shared: Arc::clone(&shared),
    };
    (tx, Receiver { shared })
}

// ANCHOR: send
impl<T> Sender<T> {
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.shared.state.lock().unwrap();
        // 新增：队列满了就等；醒来后重新检查两件事——有没有位置、接收者还在不在。
        while state.queue.len() == state.capacity && state.receiver_alive {
            state = self.shared.not_full.wait(state).unwrap();
        }
        if !state.receiver_alive {
            return Err(SendError(msg));
        }
        state.queue.push_back(msg);
        drop(state);
        // 一条新消息只够一个接收者取走：notify_one 足够。
        self.shared.not_empty.notify_one();
        Ok(())
    }
}
// ANCHOR_END: send

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        self.shared.state.lock().unwrap().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        state.senders -= 1;
        if state.senders == 0 {
            drop(state);
            self.shared.not_empty.notify_one(); // 接收者只有一个
        }
    }
}

// ANCHOR: recv
impl<T> Receiver<T> {
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.state.lock().unwrap();
        loop {
            if let Some(msg) = state.queue.pop_front() {
                drop(state);
                // 新增：腾出了一个位置，只够一个发送者用：notify_one。
                self.shared.not_full.notify_one();
                return Ok(msg);
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = self.shared.not_empty.wait(state).unwrap();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.state.lock().unwrap().receiver_alive = false;
        // 新增：所有正在等位置的发送者都必须醒来，各自返回 Err。
        // 这里用 notify_one 只会叫醒其中一个，其余的永远等下去。
        self.shared.not_full.notify_all();
    }
}
// ANCHOR_END: recv
