//! 练习 25：能应付掉队成员的广播聊天室
//!
//! [`Room`] 把每句话广播给所有成员（`tokio::sync::broadcast`）；每个成员用 [`Member::next`]
//! 一句一句地读。缓冲区只有 `capacity` 句：读得太慢的成员会**掉队**，最旧的几句被覆盖。
//!
//! * [`Room::new`]：容量至少为 1（`capacity` 为 0 时按 1 处理）；
//! * [`Room::join`]：新成员只会收到加入之后说的话；
//! * [`Room::say`]：返回会收到这句话的成员数；房间里没人时返回 0，这不是错误；
//! * [`Member::next`]：返回下一句；掉队时把跳过的句数累加到 [`Member::missed`]，然后从
//!   缓冲区里还在的最旧一句接着读；房间（`Room`）drop 之后，读完缓冲区里剩下的话，返回 `None`。
//!
//! 运行测试：`cargo test -p exercise_25`

use tokio::sync::broadcast;

/// 聊天室里的一句话。
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 说话的人。
    pub from: String,
    /// 说的内容。
    pub text: String,
}

/// 聊天室。
#[derive(Debug)]
pub struct Room {
    /// 广播通道的 Sender。
    #[allow(dead_code)] // 实现 new 之后就用上了，可以删掉这一行。
    tx: broadcast::Sender<Line>,
}

/// 聊天室的一个成员。
#[derive(Debug)]
pub struct Member {
    /// 这个成员自己的 Receiver。
    #[allow(dead_code)] // 实现 join 之后就用上了，可以删掉这一行。
    rx: broadcast::Receiver<Line>,
    /// 掉队时一共跳过了几句。
    missed: u64,
}

impl Room {
    /// 开一个缓冲 `capacity` 句的聊天室。
    pub fn new(capacity: usize) -> Room {
        // TODO: broadcast::channel 返回一对 (Sender, Receiver)。房间需要留着那个 Receiver 吗？
        // TODO: capacity 为 0 时，broadcast::channel 会怎样？
        let _ = capacity;
        todo!("创建广播通道")
    }

    /// 加入聊天室。
    pub fn join(&self) -> Member {
        // TODO: 新成员的 Receiver 从哪里来？
        todo!("订阅广播通道")
    }

    /// 说一句话，返回会收到它的成员数。
    pub fn say(&self, from: &str, text: &str) -> usize {
        // TODO: 房间里没有成员时，broadcast::Sender::send 返回什么？聊天室该为此 panic 吗？
        let _ = (from, text);
        todo!("广播这句话")
    }
}

impl Member {
    /// 下一句话；房间关闭且缓冲区读完后返回 `None`。
    pub async fn next(&mut self) -> Option<Line> {
        // TODO: recv 会返回两种错误：RecvError::Lagged(n) 和 RecvError::Closed。
        //       哪一种意味着“再也不会有消息了”？另一种之后还能接着收吗？
        todo!("接收下一句，处理掉队和关闭")
    }

    /// 掉队时一共跳过了几句。
    pub fn missed(&self) -> u64 {
        self.missed
    }
}

#[cfg(test)]
mod tests;
