//! 练习 24：带 handle 的数据库 actor
//!
//! 一个任务（actor）独占一张 `HashMap<String, String>`；别的任务只能通过可克隆的 handle
//! [`Db`] 给它发 [`Command`]，再从命令里附带的 `oneshot` 通道等回复。
//!
//! * [`spawn`] 启动 actor，返回 handle 和 actor 的 `JoinHandle`；
//! * [`Db::get`] / [`Db::set`] 发出命令并等待回复；`set` 回复被替换掉的旧值；
//! * 最后一个 handle drop 之后，actor 结束，`JoinHandle` 交出最终的 map；
//! * actor 不在了（panic、被 abort）时，`get` / `set` 返回 `Err(DbError::Closed)`，不 panic。
//!
//! 运行测试：`cargo test -p exercise_24`

use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// 命令队列的容量。
pub const CAPACITY: usize = 8;

/// 请求失败的原因。
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbError {
    /// actor 已经不在了：命令发不出去，或者等不到回复。
    Closed,
}

/// 发给 actor 的命令。每条命令带一个 `oneshot::Sender`，actor 用它把结果送回调用者。
#[derive(Debug)]
pub enum Command {
    /// 读取 `key` 的值。
    Get {
        key: String,
        reply: oneshot::Sender<Option<String>>,
    },
    /// 写入 `key`，回复被替换掉的旧值（没有旧值时是 `None`）。
    Set {
        key: String,
        value: String,
        reply: oneshot::Sender<Option<String>>,
    },
}

/// actor 的 handle。克隆它就多一个能发命令的调用者。
#[derive(Debug, Clone)]
pub struct Db {
    /// 命令通道的 Sender。
    #[allow(dead_code)] // 实现 spawn 之后就用上了，可以删掉这一行。
    commands: mpsc::Sender<Command>,
}

/// 启动 actor：创建容量为 [`CAPACITY`] 的命令通道，把 actor 的循环 spawn 成一个任务。
pub fn spawn() -> (Db, JoinHandle<HashMap<String, String>>) {
    // TODO: Sender 给谁、Receiver 给谁？如果 actor 自己也留一个 Sender，它什么时候才会结束？
    todo!("创建通道，tokio::spawn(run(..))，返回 handle 和 JoinHandle")
}

/// actor 的循环：逐条处理命令，直到所有 handle 都 drop；返回最终的数据。
#[allow(dead_code)] // 在 spawn 里用上它之后，可以删掉这一行。
async fn run(inbox: mpsc::Receiver<Command>) -> HashMap<String, String> {
    // TODO: 处理完一条命令之后还要处理下一条：用哪种循环？
    // TODO: 调用者可能已经不等回复了（超时、被取消），这时 reply.send 会失败。actor 该为此停下吗？
    let _ = inbox;
    todo!("循环 recv 命令，对每条命令用它的 reply 回复")
}

impl Db {
    /// 读取 `key`。
    pub async fn get(&self, key: &str) -> Result<Option<String>, DbError> {
        // TODO: 先建一个 oneshot，把 Sender 放进命令里发给 actor，再等 Receiver。
        // TODO: 发送命令得到的是一个 future：不 .await 它，会发生什么？
        let _ = key;
        todo!("发送 Command::Get，等待回复")
    }

    /// 写入 `key`，返回被替换掉的旧值。
    pub async fn set(&self, key: &str, value: &str) -> Result<Option<String>, DbError> {
        // TODO: 和 get 一样；发送失败、等回复失败分别说明了什么？
        let _ = (key, value);
        todo!("发送 Command::Set，等待回复")
    }
}

#[cfg(test)]
mod tests;
