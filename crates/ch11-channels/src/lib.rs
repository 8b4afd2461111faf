//! 第 11 章：自己动手实现通道。每一步一个模块，每个模块都是完整、可以单独使用的通道。
//!
//! 1. [`s1_mutex_condvar`]：`Mutex<VecDeque<T>>` + `Condvar`，带断开。
//! 2. [`s2_bounded`]：有界，两个条件变量。
//! 3. [`s3_oneshot`]：原子变量实现的一次性通道，`unsafe` 与每条 `// SAFETY:` 理由。
//! 4. [`s4_spsc_ring`]：无锁的 SPSC 环形缓冲区（不等待）。
//! 5. [`s5_blocking`]：在环形缓冲区上加“先自旋、再 park”，不丢唤醒。
//!
//! 每一步的源文件只通过 [`sync`] 使用同步原语。测试时 `loom_copy` 模块把同样的源文件
//! 再编译一次，配上 loom 的同名原语，于是 `cargo test -p ch11_channels` 直接运行 loom
//! 模型，不需要 `--cfg loom`。

pub mod sync;

pub mod s1_mutex_condvar;
pub mod s2_bounded;
pub mod s3_oneshot;
pub mod s4_spsc_ring;
pub mod s5_blocking;

#[cfg(test)]
#[allow(clippy::duplicate_mod)] // 故意的：同一份源文件，换一套同步原语再编译一次
mod loom_copy;

#[cfg(test)]
mod tests;
