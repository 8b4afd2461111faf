//! 测试专用：每一步的源文件在这里再编译一次，`super::sync` 指向下面的 loom 版本。
#![allow(dead_code)]

/// 与 `crate::sync` 同名的 loom 原语。
mod sync {
    pub use loom::cell::UnsafeCell;
    pub use loom::sync::atomic::{fence, AtomicBool, AtomicU8, AtomicUsize, Ordering};
    pub use loom::sync::{Arc, Condvar, Mutex};
    pub use loom::thread::{self, Thread};

    /// loom 下的退避：让出一次就算“等够了”。自旋在 loom 里没有意义（它只关心交错），
    /// 而每多一次让出，要穷举的交错就多一倍。
    #[derive(Debug, Default)]
    pub struct Backoff {
        done: bool,
    }

    impl Backoff {
        pub fn new() -> Backoff {
            Backoff { done: false }
        }

        pub fn snooze(&mut self) {
            thread::yield_now();
            self.done = true;
        }

        pub fn is_completed(&self) -> bool {
            self.done
        }
    }
}

#[path = "s1_mutex_condvar.rs"]
mod s1_mutex_condvar;
#[path = "s2_bounded.rs"]
mod s2_bounded;
#[path = "s3_oneshot.rs"]
mod s3_oneshot;
#[path = "s4_spsc_ring.rs"]
mod s4_spsc_ring;
#[path = "s5_blocking.rs"]
mod s5_blocking;

mod models;
