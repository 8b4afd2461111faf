//! 错误：先扣 from 再检查 to：收款账户不存在时，钱已经扣掉了
//! 期望：失败的转账不能只做一半
use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use std::collections::HashMap;
use std::thread::{self, JoinHandle};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankError {
    NoSuchAccount(String),
    InsufficientFunds {
        account: String,
        balance: u64,
        wanted: u64,
    },
    Closed,
}

#[derive(Debug)]
pub enum Command {
    Deposit {
        account: String,
        amount: u64,
        reply: Sender<Result<u64, BankError>>,
    },
    Balance {
        account: String,
        reply: Sender<Result<u64, BankError>>,
    },
    Transfer {
        from: String,
        to: String,
        amount: u64,
        reply: Sender<Result<(), BankError>>,
    },
    Total {
        reply: Sender<u64>,
    },
    Shutdown,
}

#[derive(Debug, Clone)]
pub struct Bank {
    commands: Sender<Command>,
}

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
    fn request<R>(&self, command: impl FnOnce(Sender<R>) -> Command) -> Result<R, BankError> {
        let (reply, answer) = bounded(1);
        self.commands
            .send(command(reply))
            .map_err(|_| BankError::Closed)?;
        answer.recv().map_err(|_| BankError::Closed)
    }

    pub fn deposit(&self, account: &str, amount: u64) -> Result<u64, BankError> {
        self.request(|reply| Command::Deposit {
            account: account.to_string(),
            amount,
            reply,
        })?
    }
}

// ANCHOR: solution
pub fn run(
    mut balances: HashMap<String, u64>,
    commands: Receiver<Command>,
) -> HashMap<String, u64> {
    for command in commands {
        // 每条命令在这里从头到尾执行完，下一条才开始：一条命令就是一个原子操作，不需要锁。
        match command {
            Command::Deposit {
                account,
                amount,
                reply,
            } => {
                let result = match balances.get_mut(&account) {
                    Some(balance) => {
                        *balance += amount;
                        Ok(*balance)
                    }
                    None => Err(BankError::NoSuchAccount(account)),
                };
                // 调用者可能已经不等了；那是它的事，状态所有者照常处理下一条命令。
                let _ = reply.send(result);
            }
            Command::Balance { account, reply } => {
                let result = balances
                    .get(&account)
                    .copied()
                    .ok_or(BankError::NoSuchAccount(account));
                // 同上：答复送不到只说明调用者不等了。
                let _ = reply.send(result);
            }
            Command::Transfer {
                from,
                to,
                amount,
                reply,
            } => {
                // 转账已经生效（或已经拒绝）；答复送不到不影响状态。
                let _ = reply.send(transfer(&mut balances, from, to, amount));
            }
            Command::Total { reply } => {
                // 同上。
                let _ = reply.send(balances.values().sum());
            }
            // 关键决定：收到 Shutdown 就返回。命令的 Receiver 随之 drop：
            // 排在后面的命令连同它们的回复 Sender 一起被丢弃，还活着的句柄再发送会失败——都得到 Closed。
            Command::Shutdown => break,
        }
    }
    balances
}

/// 先检查，全部通过才修改：失败的转账一分钱也不动。
fn transfer(
    balances: &mut HashMap<String, u64>,
    from: String,
    to: String,
    amount: u64,
) -> Result<(), BankError> {
    let Some(balance) = balances.get_mut(&from) else {
        return Err(BankError::NoSuchAccount(from));
    };
    if *balance < amount {
        return Err(BankError::InsufficientFunds {
            account: from,
            balance: *balance,
            wanted: amount,
        });
    }
    *balance -= amount;
    if !balances.contains_key(&to) {
        return Err(BankError::NoSuchAccount(to));
    }
    *balances.get_mut(&to).expect("checked above") += amount;
    Ok(())
}

impl Bank {
    pub fn balance(&self, account: &str) -> Result<u64, BankError> {
        self.request(|reply| Command::Balance {
            account: account.to_string(),
            reply,
        })?
    }

    pub fn transfer(&self, from: &str, to: &str, amount: u64) -> Result<(), BankError> {
        self.request(|reply| Command::Transfer {
            from: from.to_string(),
            to: to.to_string(),
            amount,
            reply,
        })?
    }

    pub fn total(&self) -> Result<u64, BankError> {
        self.request(|reply| Command::Total { reply })
    }

    pub fn shutdown(&self) {
        // 银行已经关门时发送会失败：目的已经达到，忽略即可。
        let _ = self.commands.send(Command::Shutdown);
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
