//! 错误：Receiver 的 Drop 不管槽里没人取的消息：它永远不会被 drop（泄漏）
//! 期望：要在槽里 drop 那条消息
#![allow(unsafe_code)]

use std::fmt;
use std::mem::MaybeUninit;

use sync::{thread, Arc, AtomicU8, Ordering, UnsafeCell};

/// 同步原语：平时是标准库；测试时换成 loom 的同名类型，让 loom 检查每一种交错。
/// （这个模块不用改。）
mod sync {
    #[cfg(test)]
    pub use loom::{
        cell::UnsafeCell,
        sync::atomic::{AtomicU8, Ordering},
        sync::Arc,
        thread,
    };
    #[cfg(not(test))]
    pub use std::{
        sync::atomic::{AtomicU8, Ordering},
        sync::Arc,
        thread,
    };

    /// 与 loom 的 `UnsafeCell` 接口相同的标准库版本。
    #[cfg(not(test))]
    #[derive(Debug)]
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    #[cfg(not(test))]
    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> UnsafeCell<T> {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

/// 还没有消息：槽归发送者。
const EMPTY: u8 = 0;
/// 消息已写好：槽归接收者。
const READY: u8 = 1;
/// 接收者取走了消息。
const TAKEN: u8 = 2;
/// 发送者没发就走了。
const SENDER_GONE: u8 = 3;
/// 接收者走了：之后的 `send` 把消息退回。
const RECEIVER_GONE: u8 = 4;

struct Slot<T> {
    message: UnsafeCell<MaybeUninit<T>>,
    state: AtomicU8,
}

// SAFETY: 槽里的消息在任一时刻只归一方（见各状态的说明），交接由 `state` 的
// Release/Acquire 完成；消息会跨线程移动，所以要求 `T: Send`。
unsafe impl<T: Send> Sync for Slot<T> {}

/// 发送端：`send` 拿走 `self`，所以只能发一次。
pub struct Sender<T> {
    slot: Arc<Slot<T>>,
}

/// 接收端。
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
    /// 还没发。
    Empty,
    /// 发送者没发就走了，或者消息已经取走了。
    Disconnected,
}

/// 发送者没发消息就走了。
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

impl<T> Sender<T> {
    /// 发送；接收者已经走了就把消息原样退回。
    pub fn send(self, msg: T) -> Result<(), T> {
        // SAFETY: 状态不是 READY（只有这里会设 READY，而 `send` 只能调用一次），
        // 接收者不会读槽；`Sender` 只有一个，没有别人在写。
        self.slot.message.with_mut(|p| unsafe { (*p).write(msg) });
        // 决定性的一处：成功时用 Release，让上面写入的消息对 Acquire 读到 READY 的接收者可见。
        match self
            .slot
            .state
            .compare_exchange(EMPTY, READY, Ordering::Release, Ordering::Relaxed)
        {
            Ok(_) => Ok(()),
            // 只可能是 RECEIVER_GONE：接收者不会再碰槽，把我们自己写进去的消息读回来。
            // SAFETY: 消息是我们刚写的、已初始化；接收者已经离开，没有别人访问槽。
            Err(_) => Err(self
                .slot
                .message
                .with(|p| unsafe { (*p).assume_init_read() })),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // 没发过才标记“发送者走了”；已经 READY 或接收者已走，都不能覆盖。
        let _ = self.slot.state.compare_exchange(
            EMPTY,
            SENDER_GONE,
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }
}

impl<T> Receiver<T> {
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        match self.slot.state.load(Ordering::Acquire) {
            READY => {
                self.slot.state.store(TAKEN, Ordering::Relaxed);
                // SAFETY: READY 且我们用 Acquire 读到了它：消息已完整写入，发送者不会再碰槽；
                // 状态已改成 TAKEN，这条消息不会被读第二次。
                Ok(self
                    .slot
                    .message
                    .with(|p| unsafe { (*p).assume_init_read() }))
            }
            EMPTY => Err(TryRecvError::Empty),
            _ => Err(TryRecvError::Disconnected),
        }
    }

    /// 等到消息或断开（让出 CPU 的忙等：一次性通道的等待通常很短）。
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

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // Acquire：若消息已 READY，要看得到它的全部内容才能 drop 它。
        self.slot.state.swap(RECEIVER_GONE, Ordering::Acquire);
    }
}

#[cfg(test)]
mod tests;
