//! 本章每一步用到的同步原语，全部从这里取。
//!
//! 平时（库本身、基准测试、书里的代码块）这里就是标准库；测试时，`loom_copy` 模块把每一步的
//! 源文件再编译一遍，配上同名的 loom 版本（见 `crate::loom_copy`）。于是同一份源代码既能
//! 跑得飞快，又能被 loom 穷举所有交错，不需要 `--cfg loom`，也不需要重新编译整个工作区。
//!
//! 标准库的 `UnsafeCell` 没有 loom 的 `with` / `with_mut` 接口，这里补一个同样形状的包装；
//! 退避（先自旋、再让出）也写在这里，因为在 loom 下自旋必须换成 `yield_now`。

// ANCHOR: reexports
pub use std::sync::atomic::{fence, AtomicBool, AtomicU8, AtomicUsize, Ordering};
pub use std::sync::{Arc, Condvar, Mutex};
pub use std::thread::{self, Thread};
// ANCHOR_END: reexports

/// 与 `loom::cell::UnsafeCell` 同样接口的 `std::cell::UnsafeCell`。
#[derive(Debug)]
pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

impl<T> UnsafeCell<T> {
    pub fn new(value: T) -> UnsafeCell<T> {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    /// 以只读裸指针访问内容；调用者保证此刻没有人在写。
    #[inline]
    pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// 以可写裸指针访问内容；调用者保证此刻只有自己在访问。
    #[inline]
    pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

/// 先自旋、再让出 CPU 的退避（crossbeam 的 `Backoff` 的思路）。
///
/// 每调用一次 [`Backoff::snooze`] 等得更久一点；[`Backoff::is_completed`] 为真时，说明已经
/// 等了足够久，再自旋只是浪费 CPU，该去睡了（park）。
#[derive(Debug, Default)]
pub struct Backoff {
    step: u32,
}

impl Backoff {
    /// 自旋阶段：第 k 步自旋 2^k 次。
    const SPIN_LIMIT: u32 = 6;
    /// 超过这一步就不再等，交给 park。
    const YIELD_LIMIT: u32 = 10;

    pub fn new() -> Backoff {
        Backoff { step: 0 }
    }

    #[inline]
    pub fn snooze(&mut self) {
        if self.step <= Self::SPIN_LIMIT {
            for _ in 0..1u32 << self.step {
                std::hint::spin_loop();
            }
        } else {
            thread::yield_now();
        }
        if self.step <= Self::YIELD_LIMIT {
            self.step += 1;
        }
    }

    #[inline]
    pub fn is_completed(&self) -> bool {
        self.step > Self::YIELD_LIMIT
    }
}
