//! 第 1 步：最简单的正确通道——`Mutex<VecDeque<T>>` 加一个 `Condvar`，
//! 外加发送者计数，让通道能够“断开”。

use std::collections::VecDeque;
use std::fmt;

use super::sync::{Arc, Condvar, Mutex};

// ANCHOR: state
/// 锁保护的全部状态：队列本身，加上“另一端还在不在”。
#[derive(Debug)]
struct State<T> {
    queue: VecDeque<T>,
    /// 还活着的 `Sender` 个数；降到 0，通道就断开了。
    senders: usize,
    /// `Receiver` 被 drop 之后，再发送就没有意义了。
    receiver_alive: bool,
}

#[derive(Debug)]
struct Shared<T> {
    state: Mutex<State<T>>,
    /// 队列从空变为非空，或最后一个 `Sender` 离开时通知接收者。
    available: Condvar,
}
// ANCHOR_END: state

/// 发送失败：接收者已经不在了，消息原样退回。
#[derive(PartialEq, Eq)]
pub struct SendError<T>(pub T);

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendError(..)")
    }
}

/// 接收失败：队列已空，并且所有 `Sender` 都已离开。
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct RecvError;

/// 发送端，可以克隆。
#[derive(Debug)]
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// 接收端，只有一个。
#[derive(Debug)]
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

// ANCHOR: channel
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            senders: 1,
            receiver_alive: true,
        }),
        available: Condvar::new(),
    });
    let tx = Sender {
        shared: Arc::clone(&shared),
    };
    (tx, Receiver { shared })
}
// ANCHOR_END: channel

// ANCHOR: send
impl<T> Sender<T> {
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        let mut state = self.shared.state.lock().unwrap();
        if !state.receiver_alive {
            return Err(SendError(msg));
        }
        state.queue.push_back(msg);
        drop(state); // 先放锁再通知：被唤醒的接收者不必马上又等这把锁
        self.shared.available.notify_one();
        Ok(())
    }
}

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
            // 最后一个发送者走了：正在等待的接收者必须醒来，看到“断开”。
            self.shared.available.notify_one();
        }
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    pub fn recv(&self) -> Result<T, RecvError> {
        let mut state = self.shared.state.lock().unwrap();
        // `while` 而不是 `if`：醒来不等于条件成立（可能是虚假唤醒），醒来后必须重新检查。
        loop {
            if let Some(msg) = state.queue.pop_front() {
                return Ok(msg); // 先取缓冲里的消息：断开之后，已发出的消息照样送达
            }
            if state.senders == 0 {
                return Err(RecvError);
            }
            state = self.shared.available.wait(state).unwrap();
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.state.lock().unwrap().receiver_alive = false;
    }
}
// ANCHOR_END: recv
