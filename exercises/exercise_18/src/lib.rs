//! 练习 18：状态所有者——一个线程管账
//!
//! 账户余额只属于一个线程（状态所有者）。别的线程通过 [`Bank`] 句柄给它发 [`Command`]，
//! 需要答复的命令带着回复通道。实现：
//!
//! * [`run`]：状态所有者的循环，逐条执行命令；
//! * [`Bank::balance`]、[`Bank::transfer`]、[`Bank::total`]、[`Bank::shutdown`]。
//!
//! [`Bank::deposit`] 已经写好，照着它写其余的方法。
//!
//! 运行测试：`cargo test -p exercise_18`

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use std::collections::HashMap;
use std::thread::{self, JoinHandle};

/// 银行操作失败的原因。
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankError {
    /// 没有这个账户。
    NoSuchAccount(String),
    /// 余额不足：`account` 只有 `balance`，却要转出 `wanted`。
    InsufficientFunds {
        account: String,
        balance: u64,
        wanted: u64,
    },
    /// 银行已经关门：状态所有者线程已经结束。
    Closed,
}

/// 发给状态所有者的命令。需要答复的命令带着回复通道的 Sender。
#[derive(Debug)]
pub enum Command {
    /// 存款，答复存款后的余额。
    Deposit {
        account: String,
        amount: u64,
        reply: Sender<Result<u64, BankError>>,
    },
    /// 查询余额。
    Balance {
        account: String,
        reply: Sender<Result<u64, BankError>>,
    },
    /// 从 `from` 转 `amount` 到 `to`：要么全部完成，要么什么也不改。
    Transfer {
        from: String,
        to: String,
        amount: u64,
        reply: Sender<Result<(), BankError>>,
    },
    /// 所有账户的余额总和（同一时刻的快照）。
    Total { reply: Sender<u64> },
    /// 关门：状态所有者处理到这条命令就结束，返回最终的余额。
    Shutdown,
}

/// 银行的句柄。可以 clone 给多个线程。
#[derive(Debug, Clone)]
pub struct Bank {
    commands: Sender<Command>,
}

/// 开一家银行：启动状态所有者线程，返回句柄和它的 JoinHandle（线程结束时返回最终余额）。
pub fn open_bank(accounts: &[(&str, u64)]) -> (Bank, JoinHandle<HashMap<String, u64>>) {
    let balances = accounts
        .iter()
        .map(|&(name, balance)| (name.to_string(), balance))
        .collect();
    let (commands_tx, commands_rx) = unbounded();
    let owner = thread::spawn(move || run(balances, commands_rx));
    (
        Bank {
            commands: commands_tx,
        },
        owner,
    )
}

impl Bank {
    /// 请求/响应：新建一条回复通道，把它的 Sender 放进命令发出去，等待答复。
    /// 命令发不出去，或者状态所有者没有答复就丢下了命令，都说明银行已经关门。
    fn request<R>(&self, command: impl FnOnce(Sender<R>) -> Command) -> Result<R, BankError> {
        let (reply, answer) = bounded(1);
        self.commands
            .send(command(reply))
            .map_err(|_| BankError::Closed)?;
        answer.recv().map_err(|_| BankError::Closed)
    }

    /// 存款，返回存款后的余额。（示例：其余的方法照这个写。）
    pub fn deposit(&self, account: &str, amount: u64) -> Result<u64, BankError> {
        self.request(|reply| Command::Deposit {
            account: account.to_string(),
            amount,
            reply,
        })?
    }
}

/// 状态所有者的循环：逐条执行命令，直到所有句柄都 drop 或者收到 `Shutdown`，返回最终余额。
pub fn run(balances: HashMap<String, u64>, commands: Receiver<Command>) -> HashMap<String, u64> {
    // TODO: 用什么循环接收命令？它什么时候结束？
    // TODO: 转账要检查什么（两个账户都存在？余额够吗？），才能保证失败时一分钱也不动？
    // TODO: 回复发送失败（调用者已经不等了）时，状态所有者该怎么办？
    // TODO: 收到 Shutdown 之后怎样结束？排在它后面的命令会怎样，发命令的人会得到什么？
    let _ = (balances, commands);
    todo!("match 每一条命令，修改余额，发回答复")
}

impl Bank {
    /// 查询余额。
    pub fn balance(&self, account: &str) -> Result<u64, BankError> {
        // TODO: 照着 deposit 写。
        let _ = account;
        todo!("发送 Command::Balance，等待答复")
    }

    /// 转账：要么全部完成，要么什么也不改。
    pub fn transfer(&self, from: &str, to: &str, amount: u64) -> Result<(), BankError> {
        // TODO: 为什么转账必须是**一条**命令，而不是“查余额、扣钱、存钱”三条？
        let _ = (from, to, amount);
        todo!("发送 Command::Transfer，等待答复")
    }

    /// 所有账户余额的总和。
    pub fn total(&self) -> Result<u64, BankError> {
        // TODO: Total 的答复不是 Result：request 的返回值还需要 `?` 吗？
        todo!("发送 Command::Total，等待答复")
    }

    /// 请银行关门。银行已经关门时什么也不做（不 panic）。
    pub fn shutdown(&self) {
        // TODO: Shutdown 不需要答复。银行已经关门时 send 会失败：这时该怎么处理？
        todo!("发送 Command::Shutdown")
    }
}

#[cfg(test)]
mod tests;
