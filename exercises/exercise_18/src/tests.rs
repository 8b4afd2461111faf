use super::{open_bank, run, BankError, Command};
use crossbeam_channel::{bounded, unbounded};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::thread;
use test_support::deadline;

const HINT: &str =
    "状态所有者没有结束，或者有调用者在等一条不会来的答复：`for command in commands` \
                    要在所有 Bank 句柄都 drop 之后才结束（测试里的句柄都 drop 了吗？）；\
                    收到 Shutdown 要立刻结束循环；每条需要答复的命令都要答复";

fn balances(pairs: &[(&str, u64)]) -> HashMap<String, u64> {
    pairs
        .iter()
        .map(|&(name, balance)| (name.to_string(), balance))
        .collect()
}

#[test]
fn deposit_and_balance() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 100)]);
        assert_eq!(bank.deposit("alice", 50), Ok(150), "存入 50 后余额应为 150");
        assert_eq!(bank.balance("alice"), Ok(150), "查询余额应为 150");
        assert_eq!(
            bank.balance("bob"),
            Err(BankError::NoSuchAccount("bob".to_string())),
            "没有 bob 这个账户"
        );
        drop(bank);
        assert_eq!(
            owner.join().expect("状态所有者不应 panic"),
            balances(&[("alice", 150)])
        );
    });
}

#[test]
fn transfer_moves_money() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 100), ("bob", 0)]);
        assert_eq!(bank.transfer("alice", "bob", 30), Ok(()));
        assert_eq!(bank.balance("alice"), Ok(70));
        assert_eq!(bank.balance("bob"), Ok(30));
        assert_eq!(bank.total(), Ok(100), "转账不改变总额");
        drop(bank);
        owner.join().expect("状态所有者不应 panic");
    });
}

#[test]
fn a_failed_transfer_changes_nothing() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 100), ("bob", 0)]);
        assert_eq!(
            bank.transfer("alice", "bob", 500),
            Err(BankError::InsufficientFunds {
                account: "alice".to_string(),
                balance: 100,
                wanted: 500
            }),
            "alice 只有 100，转不出 500"
        );
        assert_eq!(
            bank.transfer("alice", "carol", 10),
            Err(BankError::NoSuchAccount("carol".to_string())),
            "没有 carol 这个账户"
        );
        assert_eq!(
            bank.transfer("dave", "bob", 10),
            Err(BankError::NoSuchAccount("dave".to_string())),
            "没有 dave 这个账户"
        );
        drop(bank);
        assert_eq!(
            owner.join().expect("状态所有者不应 panic"),
            balances(&[("alice", 100), ("bob", 0)]),
            "失败的转账不能只做一半：先检查两个账户和余额，全部通过才修改"
        );
    });
}

#[test]
fn concurrent_transfers_conserve_money() {
    deadline(HINT, || {
        let names = ["a", "b", "c", "d", "e"];
        let (bank, owner) = open_bank(&names.map(|name| (name, 1000)));
        let movers: Vec<_> = (0..8usize)
            .map(|t| {
                let bank = bank.clone();
                thread::spawn(move || {
                    for i in 0..300usize {
                        let from = names[(t + i) % 5];
                        let to = names[(t + 2 * i + 1) % 5];
                        let amount = (i % 50) as u64 + 1;
                        match bank.transfer(from, to, amount) {
                            Ok(()) | Err(BankError::InsufficientFunds { .. }) => {}
                            Err(other) => panic!("转账 {from} → {to} 不应失败：{other:?}"),
                        }
                    }
                })
            })
            .collect();
        let auditor = {
            let bank = bank.clone();
            thread::spawn(move || {
                for _ in 0..200 {
                    let total = bank.total().expect("银行还开着");
                    assert_eq!(
                        total, 5000,
                        "总额应当始终是 5000，却读到 {total}：转账和求和都必须在状态所有者线程里一次做完"
                    );
                }
            })
        };
        for mover in movers {
            mover.join().unwrap();
        }
        auditor.join().unwrap();
        assert_eq!(bank.total(), Ok(5000), "转账结束后总额仍应是 5000");
        drop(bank);
        let last = owner.join().expect("状态所有者不应 panic");
        assert_eq!(
            last.values().sum::<u64>(),
            5000,
            "钱凭空出现或消失了：最终余额 {last:?}"
        );
    });
}

#[test]
fn the_bank_closes_when_every_handle_is_dropped() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 0)]);
        let depositors: Vec<_> = (0..4)
            .map(|_| {
                let bank = bank.clone();
                thread::spawn(move || {
                    for _ in 0..25 {
                        bank.deposit("alice", 1).unwrap();
                    }
                })
            })
            .collect();
        drop(bank);
        for depositor in depositors {
            depositor.join().unwrap();
        }
        assert_eq!(
            owner.join().expect("状态所有者不应 panic"),
            balances(&[("alice", 100)]),
            "所有句柄 drop 之后，状态所有者应当结束并交出最终余额"
        );
    });
}

#[test]
fn shutdown_stops_the_owner_even_while_handles_are_alive() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 7)]);
        let other = bank.clone();
        bank.shutdown();
        assert_eq!(
            owner.join().expect("状态所有者不应 panic"),
            balances(&[("alice", 7)]),
            "收到 Shutdown 后，状态所有者应当结束并交出最终余额，即使还有句柄活着"
        );
        let after_closing = catch_unwind(AssertUnwindSafe(|| other.balance("alice"))).expect(
            "银行已经关门时 balance panic 了：命令发不出去（或答复等不到）是预料之中的失败，\
             应当返回 Err(BankError::Closed)，不要 unwrap / expect",
        );
        assert_eq!(
            after_closing,
            Err(BankError::Closed),
            "银行已经关门：应当返回 Closed，而不是 panic 或永远等待"
        );
        assert_eq!(other.total(), Err(BankError::Closed));
        // 再关一次门：什么也不发生，也不 panic。
        other.shutdown();
        bank.shutdown();
    });
}

#[test]
fn transferring_the_whole_balance_is_allowed() {
    deadline(HINT, || {
        let (bank, owner) = open_bank(&[("alice", 100), ("bob", 0)]);
        assert_eq!(
            bank.transfer("alice", "bob", 100),
            Ok(()),
            "alice 正好有 100：转出全部余额是允许的（余额够，指的是 余额 >= 金额）"
        );
        assert_eq!(
            bank.deposit("carol", 5),
            Err(BankError::NoSuchAccount("carol".to_string())),
            "存入不存在的账户：NoSuchAccount，不会新开一个账户"
        );
        drop(bank);
        assert_eq!(
            owner.join().expect("状态所有者不应 panic"),
            balances(&[("alice", 0), ("bob", 100)])
        );
    });
}

#[test]
fn the_owner_survives_callers_that_stopped_waiting() {
    deadline(HINT, || {
        let (commands, inbox) = unbounded();
        let owner = thread::spawn(move || run(balances(&[("alice", 3)]), inbox));
        // 一个调用者发出请求后就不等了：它的答复 Receiver 已经 drop。
        let (gone, gave_up) = bounded(1);
        drop(gave_up);
        commands
            .send(Command::Balance {
                account: "alice".to_string(),
                reply: gone,
            })
            .unwrap();
        let (reply, answer) = bounded(1);
        commands.send(Command::Total { reply }).unwrap();
        assert_eq!(
            answer.recv(),
            Ok(3),
            "一个调用者不等答复了，状态所有者应当照常处理下一条命令（答复发送失败时不要 unwrap）"
        );
        drop(commands);
        owner
            .join()
            .expect("状态所有者 panic 了：答复送不到只说明调用者不等了，不是错误");
    });
}
