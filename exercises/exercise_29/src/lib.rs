//! 练习 29：有界的多生产者、多消费者通道，两端都能断开
//!
//! 只用 `Mutex` 和两个 `Condvar` 实现 [`channel`]：
//!
//! * `send` 在队列满时等待，`try_send` 不等待；`recv` 在队列空时等待；
//! * `Sender` 和 `Receiver` 都能克隆；每条消息只交给一个接收者；
//! * 最后一个 `Sender` 离开：接收者取完缓冲里的消息后得到 `Err(RecvError)`；
//! * 最后一个 `Receiver` 离开：`send` / `try_send` 返回错误并把消息退回。
//!
//! 数据结构和 `channel` 已经写好，你要写的是下面标了 TODO 的方法。
//!
//! 运行测试：`cargo test -p exercise_29`

#![allow(dead_code)] // 写完所有 TODO 之后，可以删掉这一行。

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex};

/// 发送失败：所有接收者都已离开，消息原样退回。
#[derive(PartialEq, Eq)]
pub struct SendError<T>(pub T);

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendError(..)")
    }
}

/// `try_send` 为什么没有放进去；消息原样退回。
#[derive(PartialEq, Eq)]
pub enum TrySendError<T> {
    /// 队列满了。
    Full(T),
    /// 所有接收者都已离开。
    Disconnected(T),
}

impl<T> fmt::Debug for TrySendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrySendError::Full(_) => f.write_str("Full(..)"),
            TrySendError::Disconnected(_) => f.write_str("Disconnected(..)"),
        }
    }
}

/// 接收失败：队列已空，并且所有发送者都已离开。
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct RecvError;

#[derive(Debug)]
struct State<T> {
    queue: VecDeque<T>,
    capacity: usize,
    senders: usize,
    receivers: usize,
}

#[derive(Debug)]
struct Shared<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
}

/// 发送端，可以克隆。
#[derive(Debug)]
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// 接收端，可以克隆；每条消息只交给其中一个。
#[derive(Debug)]
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// 容量至少为 1 的有界通道。
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(capacity > 0, "容量必须至少为 1");
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::with_capacity(capacity),
            capacity,
            senders: 1,
            receivers: 1,
        }),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
    });
    let tx = Sender {
        shared: Arc::clone(&shared),
    };
    (tx, Receiver { shared })
}

impl<T> Sender<T> {
    /// 队列满了就等；所有接收者都离开时返回 `Err`，消息退回。
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        // TODO: 醒来之后，队列一定有空位吗？用 if 还是 while？
        // TODO: 等待的时候接收者全走了，谁来叫醒你？
        let _ = msg;
        todo!("等到有空位或接收者全部离开，再放进去并通知接收者")
    }

    /// 不等待。
    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        // TODO: “满”是 len > capacity 还是 len == capacity？
        let _ = msg;
        todo!("满了返回 Full，没有接收者返回 Disconnected")
    }
}

impl<T> Receiver<T> {
    /// 先取缓冲里的消息；队列空了、发送者也都走了，才返回 `Err`。
    pub fn recv(&self) -> Result<T, RecvError> {
        // TODO: 发送者都走了，但队列里还有消息：该先看哪一个？
        todo!("取出一条消息，或者等待，或者报告断开")
    }

    /// 队列里现在有几条消息。
    pub fn len(&self) -> usize {
        todo!("锁住状态，返回队列长度")
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        // TODO: 多了一个发送者，要记在哪里？
        todo!("克隆发送端")
    }
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Receiver<T> {
        todo!("克隆接收端")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: 最后一个发送者离开时，可能有几个接收者在等。notify_one 够吗？
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // TODO: 最后一个接收者离开时，在等空位的发送者怎么办？
    }
}

#[cfg(test)]
mod tests;
