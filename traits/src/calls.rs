//! Cross-contract call plumbing shared by every contract that calls or instantiates another:
//! failed calls become `None` here and a typed error variant at the call site.

use ink::{
    env::{
        call::{build_create, ConstructorReturnType, ExecutionInput, FromAccountId, Selector},
        ContractEnv, DefaultEnvironment,
    },
    scale::{Decode, Encode},
    ToAccountId,
};

use crate::types::{AccountId, Hash};

/// What a cross-contract call returned, `None` when it could not be made or dispatched
/// (no such contract, a trap, an unknown selector).
pub fn answered<T>(result: Result<ink::MessageResult<T>, ink::env::Error>) -> Option<T> {
    result.ok()?.ok()
}

/// Instantiates `code_hash` through its constructor `new(args)` (a tuple encodes as the
/// arguments one after the other) and decodes what the constructor returns as `R`.
fn create<Ref, R>(code_hash: Hash, salt: &[u8], args: impl Encode) -> Option<R::Output>
where
    Ref: ContractEnv<Env = DefaultEnvironment> + FromAccountId<DefaultEnvironment>,
    R: ConstructorReturnType<Ref>,
{
    build_create::<Ref>()
        .code_hash(code_hash)
        .endowment(0)
        .exec_input(ExecutionInput::new(Selector::new(ink::selector_bytes!("new"))).push_arg(args))
        .salt_bytes(salt)
        .returns::<R>()
        .try_instantiate()
        .ok()?
        .ok()
}

/// Instantiates `code_hash` through its infallible constructor `new(args)`; `Ref` is any
/// `contract_ref!` type of the new contract.
pub fn instantiate<Ref>(code_hash: Hash, salt: &[u8], args: impl Encode) -> Option<AccountId>
where
    Ref: ContractEnv<Env = DefaultEnvironment>
        + FromAccountId<DefaultEnvironment>
        + ToAccountId<DefaultEnvironment>,
{
    create::<Ref, Ref>(code_hash, salt, args).map(|contract| contract.to_account_id())
}

/// Like [`instantiate`] for a constructor `new(args) -> Result<Self, E>`: `Some(Err(e))` when
/// the constructor refused.
pub fn instantiate_fallible<Ref, E: Decode>(
    code_hash: Hash,
    salt: &[u8],
    args: impl Encode,
) -> Option<Result<AccountId, E>>
where
    Ref: ContractEnv<Env = DefaultEnvironment>
        + FromAccountId<DefaultEnvironment>
        + ToAccountId<DefaultEnvironment>,
{
    create::<Ref, Result<Ref, E>>(code_hash, salt, args)
        .map(|created| created.map(|contract| contract.to_account_id()))
}
