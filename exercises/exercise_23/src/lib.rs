//! 练习 23：关闭——排空每一条已接受的消息，再停下所有线程
//!
//! 一个小服务：客户端通过 [`Handle::submit`] 送来消息，几个工作线程处理它们，一个 sink 线程
//! 收集结果。实现它的启动、提交和关闭：
//!
//! * [`Service::start`]：容量为 [`QUEUE`] 的有界队列，`workers` 个工作线程（0 按 1 算），
//!   一个 sink 线程；
//! * [`Handle::submit`]：服务开着时把消息放进队列（队列满就等），返回 `Ok(())`——这条消息
//!   从此算“已接受”；服务关了就返回 `Err(Closed(msg))`，把消息还给调用者；
//! * [`Service::shutdown`]：先关门（之后的 submit 都返回 `Closed`），再等工作线程处理完
//!   **每一条**已接受的消息，最后返回所有结果 `(msg, process(msg))`。返回时，服务启动的
//!   线程都已结束。客户端手里的 `Handle` 可能比服务活得久。
//!
//! 运行测试：`cargo test -p exercise_23`

use crossbeam_channel::Sender;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

/// 消息队列的容量。
pub const QUEUE: usize = 16;

/// 对每条消息做的处理。
pub type Process = Arc<dyn Fn(u32) -> u64 + Send + Sync + 'static>;

/// 服务已经关门：消息没有被接受，原样还给调用者。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed(pub u32);

/// 入口：服务开着时是 `Some(唯一的 Sender)`，关门后是 `None`。所有 Handle 共享它。
type Intake = Arc<RwLock<Option<Sender<u32>>>>;

/// 客户端手里的句柄，可以克隆，可以比服务活得久。
#[derive(Debug, Clone)]
#[allow(dead_code)] // 实现 submit 之后，可以删掉这一行。
pub struct Handle {
    intake: Intake,
}

/// 服务本身。
#[derive(Debug)]
#[allow(dead_code)] // 实现 start 之后，这些字段就都用上了，可以删掉这一行。
pub struct Service {
    intake: Intake,
    workers: Vec<JoinHandle<()>>,
    sink: JoinHandle<Vec<(u32, u64)>>,
}

impl Handle {
    /// 提交一条消息。
    pub fn submit(&self, msg: u32) -> Result<(), Closed> {
        // TODO: 为什么 Handle 里不直接放一个 Sender 的克隆？（关门时谁能让通道断开？）
        // TODO: 锁要拿到什么时候，“返回 Ok 的消息”才一定会被处理？
        let _ = msg;
        todo!("服务开着就 send，关了就返回 Closed(msg)")
    }
}

impl Service {
    /// 启动服务。
    pub fn start(workers: usize, process: Process) -> Service {
        // TODO: sink 的循环什么时候结束？start 里那个原始的结果 Sender 该怎么处理？
        let _ = (workers, process);
        todo!("创建两条通道，启动工作线程和 sink")
    }

    /// 给客户端一个句柄。
    pub fn handle(&self) -> Handle {
        Handle {
            intake: Arc::clone(&self.intake),
        }
    }

    /// 关门、排空、停下所有线程，返回每条已接受消息的结果。
    pub fn shutdown(self) -> Vec<(u32, u64)> {
        // TODO: 关门、排空、收尾，三步的顺序是什么？哪一步会让工作线程的循环结束？
        todo!("关门，join 工作线程，join sink")
    }
}

#[cfg(test)]
mod tests;
