//! Argon2id hashing off the async threads, bounded by a semaphore.
use crate::error::ApiError;
use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password (argon2id).
pub async fn hash(state: &AppState, password: String) -> Result<String, ApiError> {
    let _permit = state
        .hashing()
        .acquire()
        .await
        .map_err(|_| ApiError::internal("closed"))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| ApiError::internal("hashing failed"))
    })
    .await
    .map_err(|_| ApiError::internal("hashing task failed"))?
}

/// Checks a password against a stored hash.
pub async fn verify(state: &AppState, password: String, stored: String) -> Result<bool, ApiError> {
    let _permit = state
        .hashing()
        .acquire()
        .await
        .map_err(|_| ApiError::internal("closed"))?;
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|_| ApiError::internal("hashing task failed"))
}
