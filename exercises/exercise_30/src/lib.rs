//! 练习 30：一次性通道（one-shot）
//!
//! 用一个原子状态字和一个 `UnsafeCell<MaybeUninit<T>>` 实现 [`channel`]：
//!
//! * `Sender::send(self, msg)` 只能调用一次；接收者已经离开时返回 `Err(msg)`，把消息退回；
//! * `Receiver::try_recv` 不等待，`Receiver::recv` 等到消息或断开；
//! * 发送者没发就被 drop：接收者得到 `Err(RecvError)`；
//! * 发了但没人收的消息，由 `Receiver` 的 `Drop` 负责 drop，恰好一次。
//!
//! 状态常量、数据结构和 `channel` 已经写好。测试全部在 loom 下运行：它会穷举两个线程
//! 之间的交错，内存顺序写错（该用 Release/Acquire 的地方用了 Relaxed）一定会被发现。
//!
//! 运行测试：`cargo test -p exercise_30`
#![allow(dead_code, unused_imports)] // 写完所有 TODO 之后，可以删掉这一行。

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
        // TODO: 先写消息，再改状态。改状态用哪种 Ordering，接收者才保证看到完整的消息？
        // TODO: 状态已经是 RECEIVER_GONE 时，写进去的消息怎么拿回来？
        let _ = msg;
        todo!("写入消息，用 compare_exchange 把 EMPTY 改成 READY")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: 没发就走了，要告诉接收者。可是 send 之后 Drop 也会运行：怎样不覆盖 READY？
    }
}

impl<T> Receiver<T> {
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        // TODO: 读到 READY 之后，怎样保证同一条消息不会被读第二次？
        todo!("按状态返回消息、Empty 或 Disconnected")
    }

    /// 等到消息或断开（让出 CPU 的忙等：一次性通道的等待通常很短）。
    pub fn recv(mut self) -> Result<T, RecvError> {
        // TODO: 循环调用 try_recv；Empty 时用 thread::yield_now() 让出 CPU（loom 靠它切换线程）。
        let _ = self.try_recv();
        todo!("等到消息或断开")
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // TODO: 告诉发送者“我走了”；如果消息已经 READY 却没人取，谁来 drop 它？
    }
}

#[cfg(test)]
mod tests;
