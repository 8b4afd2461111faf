//! 第 3 步：用原子变量实现的一次性通道（one-shot）。
//!
//! 消息放在一个 `UnsafeCell<MaybeUninit<T>>` 里，一个原子状态字说明它此刻归谁。
//! `Release`/`Acquire` 这一对建立“先写消息、后读消息”的 happens-before 关系；
//! 类型系统（`send(self)`、`Sender` 不能克隆）保证消息只写一次。
#![allow(unsafe_code)]

use std::fmt;
use std::mem::MaybeUninit;

use super::sync::{thread, Arc, AtomicU8, Ordering, UnsafeCell};

// ANCHOR: states
/// 还没有消息；此时槽归发送者。
const EMPTY: u8 = 0;
/// 消息已写好；此时槽归接收者。
const READY: u8 = 1;
/// 接收者已取走消息；槽又空了，而且永远是空的。
const TAKEN: u8 = 2;
/// 发送者没发消息就被 drop 了。
const CLOSED: u8 = 3;

struct Slot<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
}
// ANCHOR_END: states

// SAFETY: 槽里的消息只会被一个线程写、另一个线程读，两者由 `state` 的 Release/Acquire 隔开；
// 消息本身要跨线程移动，所以要求 `T: Send`。
unsafe impl<T: Send> Sync for Slot<T> {}

/// 发送端：只能用一次（`send` 拿走 `self`），不能克隆。
pub struct Sender<T> {
    slot: Arc<Slot<T>>,
}

/// 接收端：只能收一次。
pub struct Receiver<T> {
    slot: Arc<Slot<T>>,
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver").finish_non_exhaustive()
    }
}

/// `try_recv` 为什么没有拿到消息。
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum TryRecvError {
    /// 还没发；以后也许会有。
    Empty,
    /// 发送者没发就走了，或消息已经被取走：永远不会有了。
    Disconnected,
}

/// 发送者没发消息就被 drop 了。
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct RecvError;

pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Slot {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        state: AtomicU8::new(EMPTY),
    });
    let tx = Sender {
        slot: Arc::clone(&slot),
    };
    (tx, Receiver { slot })
}

// ANCHOR: send
impl<T> Sender<T> {
    /// 拿走 `self`：同一个 `Sender` 不可能发两次，这是编译器替我们检查的。
    pub fn send(self, msg: T) {
        // SAFETY: 状态是 EMPTY，槽归发送者；`Sender` 只有一个，且 `send` 消耗了它，
        // 所以没有别人在写；接收者在看到 READY 之前不会读。
        self.slot.message.with_mut(|p| unsafe { (*p).write(msg) });
        // Release：上面写消息的操作，对用 Acquire 读到 READY 的线程可见。
        self.slot.state.store(READY, Ordering::Release);
        // 随后 `self` 被 drop，`Drop` 看到状态已不是 EMPTY，什么也不做。
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // 只有没发过（仍是 EMPTY）才标记为 CLOSED；已经 READY 的不能覆盖。
        let _ =
            self.slot
                .state
                .compare_exchange(EMPTY, CLOSED, Ordering::Release, Ordering::Relaxed);
    }
}
// ANCHOR_END: send

// ANCHOR: recv
impl<T> Receiver<T> {
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        // Acquire：和发送者的 Release 配对，看到 READY 就一定看得到完整的消息。
        match self.slot.state.load(Ordering::Acquire) {
            READY => {
                self.slot.state.store(TAKEN, Ordering::Relaxed);
                // SAFETY: 状态是 READY：消息已经写完（Acquire 保证可见），发送者不会再碰槽；
                // 状态随即变成 TAKEN，所以这条消息只会被读出一次。
                Ok(self
                    .slot
                    .message
                    .with(|p| unsafe { (*p).assume_init_read() }))
            }
            EMPTY => Err(TryRecvError::Empty),
            _ => Err(TryRecvError::Disconnected),
        }
    }

    /// 等到消息或断开。这一步只关心内存顺序，等待用最朴素的办法：反复让出 CPU。
    /// 第 5 步会把它换成真正的睡眠（park）。
    pub fn recv(mut self) -> Result<T, RecvError> {
        loop {
            match self.try_recv() {
                Ok(msg) => return Ok(msg),
                Err(TryRecvError::Empty) => thread::yield_now(),
                Err(TryRecvError::Disconnected) => return Err(RecvError),
            }
        }
    }
}
// ANCHOR_END: recv

// ANCHOR: drop
impl<T> Drop for Slot<T> {
    fn drop(&mut self) {
        // 最后一个 Arc 离开时，双方都已不在；消息若没人取走，就在这里 drop 它。
        if self.state.load(Ordering::Acquire) == READY {
            // SAFETY: READY 说明消息已初始化且没有被读出；`&mut self` 说明没有别人在访问。
            self.message
                .with_mut(|p| unsafe { (*p).assume_init_drop() });
        }
    }
}
// ANCHOR_END: drop
